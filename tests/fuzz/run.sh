#!/usr/bin/env bash
# Runs one libFuzzer harness for a fixed time and prints TAP (docs/testing.md).
#   run.sh FUZZER HARNESS SECONDS SRC WORKDIR [CORPUS]
# Seeds: the committed certificates (cert), the built-in specs and examples
# (spec), tests/fuzz/seeds/HARNESS, and the saved regressions. New inputs go
# to CORPUS (default WORKDIR/corpus/HARNESS), crashes to WORKDIR/artifacts/.
set -u
fuzzer=$1 h=$2 seconds=$3 src=$4 work=$5
corpus=${6:-$work/corpus/$h}
here=$src/tests/fuzz
. "$src/tests/tap.sh"

case $h in
  cert) max_len=16384 dict=$here/json.dict ;;
  spec) max_len=4096 dict=$here/json.dict ;;
  idx) max_len=4096 dict= ;;
  *) echo "run.sh: unknown harness $h" >&2; exit 2 ;;
esac
# a slow input fails the run: cost limits are issue 8 §4, see findings/
timeout=${FUZZ_TIMEOUT:-20}

seeds=$work/seeds/$h
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$work/artifacts"
case $h in
  cert) # compact copies: the pretty-printed ones are longer than max_len
    for f in "$src"/certificates/*.json; do
      python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])),
        sort_keys=True, separators=(",", ":")))' "$f" >"$seeds/$(basename "$f")"
    done ;;
  spec) cp "$src"/src/claims/data/*.json "$src"/examples/*.json "$seeds"/ ;;
esac
[ -d "$here/seeds/$h" ] && cp "$here/seeds/$h"/* "$seeds"/
cp "$here/regressions/$h"/* "$seeds"/ 2>/dev/null

log=$work/$h.log
"$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -max_len="$max_len" \
  -timeout="$timeout" -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/$h-" \
  ${dict:+-dict="$dict"} ${FUZZ_FLAGS:-} "$corpus" "$seeds" >"$log" 2>&1
rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
echo "# fuzz-$h: ${execs:-?} executions in ${seconds} s, ${cov:-no coverage line}, corpus $(ls "$corpus" | wc -l) inputs"
if [ "$rc" -eq 0 ]; then
  tap_ok "fuzz-$h ran ${seconds} s without a finding"
else
  art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  tap_not_ok "fuzz-$h found something (exit $rc)" "$(grep -v '^#[0-9]' "$log" | tail -40)
input: ${art:-see $log}
replay: fuzz-replay-$h ${art:-INPUT}; keep it as tests/fuzz/regressions/$h/NAME"
fi
tap_done

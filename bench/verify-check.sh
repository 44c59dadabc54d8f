#!/usr/bin/env bash
# Times `rescheck verify all` plus `rescheck check certificates/*.json`, the
# whole exact job, over repeated runs; reports the median wall time and, as a
# baseline measured in the same run, its ratio to the process start-up cost
# (`rescheck --version`).
set -euo pipefail
cd "$(dirname "$0")/.."
RC=${RC:-build/rescheck}
runs=${RUNS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median_ms() { # median wall time in ms of "$@" over $runs runs
  local t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    t+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'
}

job() { "$RC" verify all --cert-dir "$tmp" && "$RC" check "$tmp"/*.json; }
if ! job >/dev/null 2>"$tmp.err"; then
  echo "the job itself fails: $(head -3 "$tmp.err")" >&2
  exit 1
fi
yun19() { "$RC" verify yun19.rlin yun19.table1 yun19.table1-mirror yun19.prop1 yun19.nonmono \
  --cert-dir "$tmp/y" && "$RC" check "$tmp"/y/*.json; }
startup=$(median_ms "$RC" --version)
yun=$(median_ms yun19)
verify=$(median_ms "$RC" verify all --cert-dir "$tmp")
check=$(median_ms "$RC" check "$tmp"/*.json)
both=$(median_ms job)
echo "runs: $runs (median wall time)"
echo "rescheck --version (start-up baseline): ${startup} ms"
echo "verify all:                             ${verify} ms"
echo "check certificates/*.json:              ${check} ms"
echo "verify all + check:                     ${both} ms  ($(awk -v a="$both" -v b="$startup" 'BEGIN{printf "%.1f", a/b}') x start-up)"
echo "the yun19 claims only, verify + check:  ${yun} ms  ($(awk -v a="$yun" -v b="$startup" 'BEGIN{printf "%.1f", a/b}') x start-up)"
awk -v a="$both" 'BEGIN { exit !(a < 1000) }' && echo "under one second: yes" || echo "under one second: NO"

#!/usr/bin/env bash
# Progress of long work (include/rescheck/progress.h): forced on (--progress
# or RESCHECK_PROGRESS=1) it writes lines with what is done, k/N and an
# estimate of the time left to stderr, and changes nothing on stdout; stderr
# not a terminal and not forced, it writes nothing.
set -u
RC=$1
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli-helpers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

# the float path: li18.fig4's Hessian jobs
run 0 "train li18.fig4 --quick --progress" "$RC" train li18.fig4 --quick --progress --out "$tmp/f4"
grep -Eq '^li18\.fig4: job [0-9]+/30 .*elapsed [0-9]+s  left ~[0-9]+s$' "$tmp/err"
tap_check "train --progress: lines 'job k/N ... left ~Ts'" $? "$(head -c 400 "$tmp/err")"
grep -Eq '^li18\.fig4: done [0-9]+/[0-9]+ in [0-9]+s$' "$tmp/err"; tap_check "train --progress: a last line 'done', in units of work" $?
# k never decreases and stays within N
awk -F'job |/30' '/: job / { k = $2 + 0; if (k < p || k > 30) bad = 1; p = k; n++ } END { exit !(n > 0 && !bad) }' "$tmp/err"
tap_check "train --progress: k rises from 1 to at most N" $?
cp "$tmp/f4/fig4-runs.csv" "$tmp/forced.csv"
run 0 "train li18.fig4 --quick (stderr not a terminal)" "$RC" train li18.fig4 --quick --out "$tmp/f4b"
[ ! -s "$tmp/err" ]; tap_check "train: nothing on stderr when it is not a terminal" $? "$(head -c 300 "$tmp/err")"
cmp -s "$tmp/forced.csv" "$tmp/f4b/fig4-runs.csv"; tap_check "train: the rows are the same with progress on" $?

# the exact path: yun19.thm5's witness search, one line per sign-vector pair at most
RESCHECK_PROGRESS=1 "$RC" verify yun19.thm5 --no-cert >"$tmp/out1" 2>"$tmp/err"
tap_check "verify yun19.thm5 with RESCHECK_PROGRESS=1 (exit 0)" $?
grep -Eq '^yun19\.thm5: witness search, L = [0-9]+: sign-vector pair [0-9]+/32  elapsed [0-9]+s  left ~(\?|[0-9]+s)$' "$tmp/err"
tap_check "verify: 'sign-vector pair k/N' lines with the time left" $? "$(head -c 400 "$tmp/err")"
grep -q '^yun19\.thm5: done 32/32 in ' "$tmp/err"; tap_check "verify: 'done 32/32' per class" $?
"$RC" verify yun19.thm5 --no-cert >"$tmp/out2" 2>"$tmp/err"
[ ! -s "$tmp/err" ]; tap_check "verify: nothing on stderr when it is not a terminal" $? "$(head -c 300 "$tmp/err")"
cmp -s "$tmp/out1" "$tmp/out2"; tap_check "verify: the same report with progress on" $?
RESCHECK_PROGRESS=0 "$RC" train li18.fig4 --quick --out "$tmp/f4c" >/dev/null 2>"$tmp/err"
[ ! -s "$tmp/err" ]; tap_check "RESCHECK_PROGRESS=0: nothing" $?

# the exact path's other long jobs name their unit of work
for claim in wu19.rate liu19.gd li18.thm2-n3 yun19.thm2; do
  RESCHECK_PROGRESS=1 "$RC" verify "$claim" --no-cert >/dev/null 2>"$tmp/err"
  grep -Eq '[0-9]+/[0-9]+' "$tmp/err" && grep -q ': done [0-9]*/[0-9]* in ' "$tmp/err"
  tap_check "verify $claim: progress lines with k/N" $? "$(head -c 300 "$tmp/err")"
done
SRC=$(cd "$(dirname "$0")/.." && pwd)
RESCHECK_PROGRESS=1 "$RC" landscape --spec "$SRC/examples/thm2-relu-net.json" >/dev/null 2>"$tmp/err"
grep -Eq '^exact Hessian: [0-9]+ parameters, [0-9]+ blocks: column [0-9]+/[0-9]+ ' "$tmp/err"
tap_check "landscape: 'column j/P' of the exact Hessian" $? "$(head -c 300 "$tmp/err")"
tap_done

#!/usr/bin/env bash
# Every committed certificate checks, one by one and all together.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
n=0
for f in "$SRC"/certificates/*.json; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  out=$("$RC" check "$f" 2>&1); rc=$?
  tap_check "check $(basename "$f")" $rc "$out"
done
tap_check "there are committed certificates ($n)" $([ "$n" -ge 5 ] && echo 0 || echo 1)
"$RC" check "$SRC"/certificates/*.json >/dev/null 2>&1
tap_check "check certificates/*.json exits 0" $?
tap_done

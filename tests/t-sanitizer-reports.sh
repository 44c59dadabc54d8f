#!/usr/bin/env bash
# The sanitizer pass's last test: no process of the suite wrote a report
# (tests/CMakeLists.txt sends every report to DIR/report.PID).
dir=$1
. "$(dirname "$0")/tap.sh"
n=0
for f in "$dir"/report.*; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  tap_not_ok "sanitizer report $(basename "$f")" "$(head -c 4000 "$f")"
done
tap_check "no sanitizer reports in $dir" "$n"
tap_done

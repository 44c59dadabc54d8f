# Minimal TAP helpers for the shell tests: ok/not ok lines, plan at the end.
tap_n=0
tap_failed=0
tap_ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
tap_not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'; return 0; }
# tap_check DESC CONDITION-EXIT-CODE [DIAGNOSTIC]
tap_check() { if [ "$2" -eq 0 ]; then tap_ok "$1"; else tap_not_ok "$1" "${3:-}"; fi; }
tap_done() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

# Helpers shared by the command-line tests; they need $RC (the binary), $SRC
# (the source tree) and $tmp (a scratch directory), and tap.sh sourced first.

run() { # run EXPECTED_EXIT DESC CMD... ; output in $tmp/out, $tmp/err
  local want=$1 desc=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  tap_check "$desc (exit $want)" $([ "$got" -eq "$want" ] && echo 0 || echo 1) \
    "exit $got; stdout: $(grep -m3 FAIL "$tmp/out"); stderr: $(head -c 400 "$tmp/err")"
}

# bad DESC SPEC PY-EXPR CLAIM EXPECTED-FIELD: the built-in SPEC changed by
# PY-EXPR (on the dict d) gives exit 2 and one stderr line naming the file and field
bad() {
  /usr/bin/python3 - "$SRC/src/claims/data/$2" "$tmp/bad.json" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
  run 2 "$1" "$RC" verify "$4" --spec "$tmp/bad.json" --no-cert
  lines=$(wc -l <"$tmp/err")
  grep -q "bad.json: field $5" "$tmp/err"
  tap_check "$1: one line naming the file and field $5" $([ $? -eq 0 ] && [ "$lines" -eq 1 ] && echo 0 || echo 1) "$(cat "$tmp/err")"
}

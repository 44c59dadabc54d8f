#!/usr/bin/env bash
# Where 'rescheck verify' writes certificates (issue 11 §4, rescheck(1)):
# --cert-dir DIR; else DIR/certificates beside a spec DIR/F.json; else
# ./certificates for built-in claims only in the rescheck source tree; else
# none, with a note. A refuted or undecided result never overwrites a verified
# certificate: it goes beside it as NAME.refuted.json / NAME.undecided.json.
set -u
RC=$1
SRC=$2
. "$SRC/tests/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
verdict() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$1"; }
sha() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' "$1"; }

# built-in claim outside the source tree, no --cert-dir: no file, a note
mkdir -p "$tmp/elsewhere"
(cd "$tmp/elsewhere" && "$RC" verify prop1 >"$tmp/out" 2>"$tmp/err")
tap_check "outside the source tree: verify prop1 exits 0" $?
[ -z "$(ls -A "$tmp/elsewhere")" ]; tap_check "outside the source tree: nothing written in the working directory" $? "$(ls -A "$tmp/elsewhere")"
grep -qF "no certificate written: built-in claims write into ./certificates only in the rescheck source tree; pass --cert-dir DIR" "$tmp/err"
tap_check "outside the source tree: stderr says why and what to pass" $? "$(cat "$tmp/err")"
grep -qx "  => verified on the paper's data" "$tmp/out"
tap_check "outside the source tree: the verdict line names no certificate" $?

# a directory that looks like the source tree (its marker files) gets ./certificates
mkdir -p "$tmp/tree/include/rescheck" "$tmp/tree/src/claims"
touch "$tmp/tree/include/rescheck/version.h" "$tmp/tree/src/claims/registry.c"
(cd "$tmp/tree" && "$RC" verify prop1 >"$tmp/out" 2>"$tmp/err")
tap_check "in a source tree: verify prop1 exits 0" $?
cmp -s "$tmp/tree/certificates/yun19.prop1.json" "$SRC/certificates/yun19.prop1.json"
tap_check "in a source tree: ./certificates/yun19.prop1.json, the committed certificate byte for byte" $?
grep -qF "certificate certificates/yun19.prop1.json (sha256 " "$tmp/out"; tap_check "in a source tree: the verdict line names it" $?
# one marker alone is not the source tree
rm "$tmp/tree/src/claims/registry.c" && rm -rf "$tmp/tree/certificates"
(cd "$tmp/tree" && "$RC" verify prop1 >/dev/null 2>&1)
[ ! -e "$tmp/tree/certificates" ]; tap_check "include/rescheck/version.h alone is not the source tree" $?

# a spec: DIR/certificates beside it, whatever the working directory
mkdir -p "$tmp/paper/specs"
cp "$SRC/examples/sec31-with-printed-values.json" "$tmp/paper/specs/sec31.json"
(cd "$tmp/elsewhere" && "$RC" verify prop1 --spec "$tmp/paper/specs/sec31.json" >"$tmp/out" 2>"$tmp/err")
tap_check "a spec: verify exits 0" $? "$(cat "$tmp/err")"
[ -f "$tmp/paper/specs/certificates/yun19.prop1--sec31.json" ] && [ -z "$(ls -A "$tmp/elsewhere")" ]
tap_check "a spec DIR/F.json: DIR/certificates/CLAIM--F.json, nothing in the working directory" $? "$(find "$tmp/paper" "$tmp/elsewhere")"
"$RC" check "$tmp/paper/specs/certificates/yun19.prop1--sec31.json" >/dev/null 2>&1
tap_check "that certificate checks" $?
# DIR/certificates that cannot be a directory: exit 2, naming it
mkdir -p "$tmp/blocked" && cp "$SRC/examples/sec31-with-printed-values.json" "$tmp/blocked/s.json"
: >"$tmp/blocked/certificates"
"$RC" verify prop1 --spec "$tmp/blocked/s.json" >/dev/null 2>"$tmp/err"
tap_check "DIR/certificates is a file: exit 2" $([ $? -eq 2 ] && echo 0 || echo 1)
grep -qF "rescheck verify: certificate directory $tmp/blocked/certificates: " "$tmp/err"
tap_check "... and the message names the certificate directory" $? "$(cat "$tmp/err")"
# --cert-dir wins over both
(cd "$tmp/tree" && "$RC" verify prop1 --spec "$tmp/paper/specs/sec31.json" --cert-dir "$tmp/given" >/dev/null 2>&1)
[ -f "$tmp/given/yun19.prop1--sec31.json" ]; tap_check "--cert-dir DIR: DIR/CLAIM--F.json" $?
(cd "$tmp/elsewhere" && "$RC" verify prop1 --cert-dir "$tmp/given" >/dev/null 2>&1)
[ -f "$tmp/given/yun19.prop1.json" ]; tap_check "--cert-dir for a built-in claim outside the source tree" $?

# a refuted result beside a verified certificate, never over it
good="$tmp/paper/specs/certificates/yun19.prop1--sec31.json"
before=$(sha "$good")
sed -i 's|"r_lin": "8\*rho^2/15"|"r_lin": "8*rho^2/16"|' "$tmp/paper/specs/sec31.json"
grep -q '8\*rho^2/16' "$tmp/paper/specs/sec31.json"; tap_check "the spec's printed R_lin changed" $?
"$RC" verify prop1 --spec "$tmp/paper/specs/sec31.json" >"$tmp/out" 2>"$tmp/err"
tap_check "refuted: exit 1" $([ $? -eq 1 ] && echo 0 || echo 1)
[ "$(sha "$good")" = "$before" ] && [ "$(verdict "$good")" = verified ]
tap_check "refuted: the verified certificate is untouched" $?
side="$tmp/paper/specs/certificates/yun19.prop1--sec31.refuted.json"
[ -f "$side" ] && [ "$(verdict "$side")" = refuted ]
tap_check "refuted: written beside it as yun19.prop1--sec31.refuted.json" $? "$(ls "$tmp/paper/specs/certificates")"
grep -qF "rescheck verify: $good holds a verified certificate; the refuted result goes to $side" "$tmp/err"
tap_check "refuted: stderr says where it went" $? "$(cat "$tmp/err")"
grep -qF "certificate $side (sha256 " "$tmp/out"; tap_check "refuted: the verdict line names the refuted certificate" $?
"$RC" check "$side" >/dev/null 2>&1
tap_check "the refuted certificate checks as refuted (exit 1)" $([ $? -eq 1 ] && echo 0 || echo 1)
# a refuted result replaces a refuted certificate (only verified ones are kept)
cp "$side" "$tmp/paper/specs/certificates/yun19.rlin--sec31.json"
"$RC" verify yun19.rlin --spec "$tmp/paper/specs/sec31.json" >/dev/null 2>&1
[ "$(verdict "$tmp/paper/specs/certificates/yun19.rlin--sec31.json")" = refuted ] &&
  [ ! -e "$tmp/paper/specs/certificates/yun19.rlin--sec31.refuted.json" ]
tap_check "a refuted result overwrites a certificate that is not verified" $?
# a verified result replaces anything
sed -i 's|"r_lin": "8\*rho^2/16"|"r_lin": "8*rho^2/15"|' "$tmp/paper/specs/sec31.json"
"$RC" verify yun19.rlin --spec "$tmp/paper/specs/sec31.json" >/dev/null 2>&1
[ "$(verdict "$tmp/paper/specs/certificates/yun19.rlin--sec31.json")" = verified ]
tap_check "a verified result replaces a refuted certificate" $?

# undecided: also never over a verified certificate
mkdir -p "$tmp/und"
cp "$SRC/examples/thm2-set.json" "$tmp/und/set.json"
"$RC" verify yun19.response --spec "$tmp/und/set.json" --cert-dir "$tmp/und/c1" >/dev/null 2>&1
tap_check "yun19.response on examples/thm2-set.json is undecided (exit 3)" $([ $? -eq 3 ] && echo 0 || echo 1)
mkdir -p "$tmp/und/c2"
cp "$SRC/certificates/yun19.response.json" "$tmp/und/c2/yun19.response--set.json"
"$RC" verify yun19.response --spec "$tmp/und/set.json" --cert-dir "$tmp/und/c2" >/dev/null 2>"$tmp/err"
cmp -s "$SRC/certificates/yun19.response.json" "$tmp/und/c2/yun19.response--set.json" &&
  [ "$(verdict "$tmp/und/c2/yun19.response--set.undecided.json")" = undecided ] &&
  grep -qF "holds a verified certificate; the undecided result goes to $tmp/und/c2/yun19.response--set.undecided.json" "$tmp/err"
tap_check "undecided: the verified certificate is kept, the new one is NAME.undecided.json" $? "$(cat "$tmp/err")"
# a file that is not a certificate is replaced (nothing verified to keep)
echo 'not json' >"$tmp/und/c2/yun19.response--set.json"
"$RC" verify yun19.response --spec "$tmp/und/set.json" --cert-dir "$tmp/und/c2" >/dev/null 2>&1
[ "$(verdict "$tmp/und/c2/yun19.response--set.json")" = undecided ]
tap_check "a file that is not a verified certificate is replaced" $?
tap_done

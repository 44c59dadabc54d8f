#!/usr/bin/env bash
# The command line end to end: exit codes, readable differences when the
# paper's printed values are changed, one-line errors for bad specs.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli-helpers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT


run 0 "--version" "$RC" --version
grep -q "rescheck 0" "$tmp/out"; tap_check "--version names the tool" $?
run 0 "list" "$RC" list
for id in yun19.rlin yun19.table1 yun19.table1-mirror yun19.prop1 yun19.nonmono yun19.thm2 li18.thm2-n1 li18.thm2-n2 li18.thm2-n3 li18.lemma1 li18.thm1; do
  grep -q "^$id " "$tmp/out"; tap_check "list shows $id" $?
done
for sub in list verify check; do
  run 0 "$sub --help" "$RC" "$sub" --help
  grep -q "usage: rescheck $sub" "$tmp/out"; tap_check "$sub --help prints its usage" $?
done

# every claim by alias and by ID
for c in prop1 table1 nonmono yun19.rlin yun19.table1-mirror; do
  run 0 "verify $c" "$RC" verify "$c" --cert-dir "$tmp/c"
done
run 0 "verify prop1 prints the exact risk" "$RC" verify prop1 --no-cert
grep -q "R2(theta2) = rho^2\*(12\*rho^2+82\*rho+215)/(21\*rho^2+156\*rho+420)" "$tmp/out"
tap_check "prop1 output holds the exact risk" $?
grep -q "R2(theta2) < R_lin exactly for rho in (0, (3+3\*sqrt(21))/4)" "$tmp/out"
tap_check "prop1 output holds the certified maximal range" $?
run 0 "verify all" "$RC" verify all --cert-dir "$tmp/all"
diff -r "$tmp/all" "$SRC/certificates" >"$tmp/diff" 2>&1
tap_check "verify all rewrites the committed certificates byte for byte" $? "$(head -5 "$tmp/diff")"
ls "$tmp/all" | grep -q tmp; tap_check "no temporary files left behind" $([ $? -ne 0 ] && echo 0 || echo 1)

# output formats
run 0 "verify all --format tap" "$RC" verify all --no-cert --format tap
head -1 "$tmp/out" | grep -Eq '^1\.\.[0-9]+$'; tap_check "TAP plan comes first" $?
plan=$(head -1 "$tmp/out" | cut -d. -f3)
tests=$(grep -Ec '^(not )?ok ' "$tmp/out")
tap_check "TAP plan matches the number of tests ($tests)" $([ "$plan" = "$tests" ] && echo 0 || echo 1)
if command -v prove >/dev/null; then
  printf '#!/bin/sh\nexec "%s" verify all --no-cert --format tap\n' "$RC" >"$tmp/t.t"
  prove "$tmp/t.t" >"$tmp/prove" 2>&1; tap_check "prove accepts the TAP output" $? "$(tail -3 "$tmp/prove")"
fi
# 'verify all' runs the claims with built-in data: not a user's own claim kinds (paper "user")
"$RC" list | awk 'NR > 1 && $3 != "user" {print $1}' >"$tmp/ids"
run 0 "verify all --format json" "$RC" verify all --no-cert --format json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); ids=open(sys.argv[2]).read().split(); assert len(ids) >= 9 and [c["claim"] for c in d["claims"]]==ids and all(c["verdict"]=="verified" for c in d["claims"])' "$tmp/out" "$tmp/ids"
tap_check "JSON output is one document with every verdict" $?

# mutated printed values: exit 1 and a readable difference
mutate() { # mutate DESC SPEC PY-EXPR CLAIM EXPECTED-GREP
  /usr/bin/python3 - "$SRC/src/claims/data/$2" "$tmp/m.json" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
  run 1 "$1 is refuted" "$RC" verify "$4" --spec "$tmp/m.json" --no-cert
  grep -q -- "$5" "$tmp/out"; tap_check "$1: the difference is shown" $? "$(grep -A2 FAIL "$tmp/out" | head -6)"
}
mutate "R_lin printed as 8rho^2/16" yun19-sec31.json 'd["printed"]["r_lin"]="8*rho^2/16"' yun19.rlin "computed - paper = rho^2/30"
mutate "Table 1 row [2,3) constant cell changed" yun19-sec31.json 'd["printed"]["table1"][3]["constant"]="4*rho^2/9 + 2*rho/3 + 1/2"' table1 "constant part: paper"
mutate "printed ResNet risk changed" yun19-sec31.json 'd["printed"]["resnet_risk"]="rho^2*(12*rho^2+82*rho+216)/(21*rho^2+156*rho+420)"' prop1 "R2(theta2): paper"
mutate "err(X,Y) printed as 0.3206" yun19-sec32.json 'd["printed"]["err_X"]="0.3206"' nonmono "does not round to the printed digits"
mutate "H1 printed as [1,3,5]" yun19-sec32.json 'd["printed"]["H"][0][2]="5"' nonmono "H1\[2\]: paper 5"
mutate "interval widened past the binding row" yun19-sec31.json 'd["interval"]="(0, 6/5]"' table1 "FAIL every row of the Table 1"

# the paper's value in a differs line as written, with its normal form beside it
mutate "R_lin printed as 2*rho^2/4" yun19-sec31.json 'd["printed"]["r_lin"]="2*rho^2/4"' yun19.rlin "R_lin: paper 2\*rho^2/4 (= rho^2/2), computed"
mutate "H1 printed with 10/2" yun19-sec32.json 'd["printed"]["H"][0][2]="10/2"' nonmono "H1\[2\]: paper 10/2 (= 5)"
mutate "err(X,Y) printed as 0.3206 keeps its digits" yun19-sec32.json 'd["printed"]["err_X"]="0.3206"' nonmono "err(X,Y): paper 0.3206, exact"

# "... exactly for rho in S" lines are notes, whatever S is (docs/claims.md);
# the refuted prop1 says nothing about what it proves
EX="$SRC/examples/sec31-fc-beats-linear.json"
for c in table1 prop1; do
  run 1 "$c on examples/sec31-fc-beats-linear.json" "$RC" verify $c --spec "$EX" --no-cert
  grep -q "^  note Table 1 row \[0, 1) >= R_lin for no rho in the domain (0, inf)$" "$tmp/out"
  tap_check "$c: an empty maximal set is a note" $? "$(grep 'row \[0, 1) >=' "$tmp/out")"
  grep -Eq "^  (ok  |FAIL|\?\? ) .*(exactly for rho|for no rho)" "$tmp/out"
  tap_check "$c: no maximal-set line carries a status" $([ $? -ne 0 ] && echo 0 || echo 1)
done
grep -q "what this proves" "$tmp/out"
tap_check "refuted prop1 prints no 'what this proves' note" $([ $? -ne 0 ] && echo 0 || echo 1)
run 0 "verify prop1 (verified)" "$RC" verify prop1 --no-cert
grep -q "^  note what this proves: inf R2 <= R2(theta2) < R_lin" "$tmp/out"
tap_check "verified prop1 says what it proves" $?
grep -q "^  note R2(theta2) < R_lin exactly for rho in (0, (3+3\*sqrt(21))/4)" "$tmp/out"
tap_check "prop1's maximal range is a note" $?

# bad specs: exit 2, one line on stderr naming the file and the field
bad "not a number" yun19-sec31.json 'd["x"][2]="two"' prop1 'x\[2\]'
bad "wrong length" yun19-sec31.json 'd["y"]=d["y"][:5]' prop1 'y: has 5 entries'
bad "zero denominator" yun19-sec31.json 'd["y"][1]="1/(rho-rho)"' table1 'y\[1\]: division by zero'
bad "number beyond the size limit" yun19-sec32.json 'd["x"][0]="9"*250' nonmono 'x\[0\]: more than 40 digits as written'
bad "leading zeros count in the size limit" yun19-sec32.json 'd["x"][0]="-"+"0"*60+"1"' nonmono 'x\[0\]: more than 40 digits as written'
bad "a literal beyond the size limit inside an expression" yun19-sec32.json 'd["x"][0]="1+"+"9"*250' nonmono 'x\[0\]: number longer'
bad "empty rho-interval" yun19-sec31.json 'd["interval"]="(2, 1]"' prop1 'interval: the interval is empty'
bad "interval outside the domain" yun19-sec31.json 'd["interval"]="[0, 1]"' prop1 'interval: must lie inside'
bad "target not affine in rho" yun19-sec31.json 'd["y"][0]="rho^2"' prop1 'y\[0\]: must be affine'
bad "missing field" yun19-sec32.json 'del d["w"]' nonmono 'w: missing'
bad "JSON real instead of a string" yun19-sec32.json 'd["c"]=0.5' nonmono 'c: write non-integers as strings'
bad "block field not a number" yun19-sec32.json 'd["blocks"][1]["b"]="-3.5x"' nonmono 'blocks\[1\].b'
printf '{"kind": "yun19.sec31", "x": [' >"$tmp/broken.json"
run 2 "unparseable JSON" "$RC" verify prop1 --spec "$tmp/broken.json" --no-cert
grep -q "broken.json: line" "$tmp/err"; tap_check "unparseable JSON names the file and line" $?
run 2 "missing spec file" "$RC" verify prop1 --spec "$tmp/nope.json" --no-cert
grep -q "nope.json" "$tmp/err"; tap_check "missing spec file is named" $?

# usage errors
run 2 "unknown claim" "$RC" verify prop9
run 2 "unknown command" "$RC" frobnicate
run 2 "bad --format" "$RC" verify prop1 --format xml
run 2 "verify without a claim" "$RC" verify
run 2 "check without a file" "$RC" check
run 2 "check of a missing file" "$RC" check "$tmp/none.json"
run 2 "claim that does not read the spec's kind" "$RC" verify prop1 --spec "$SRC/src/claims/data/yun19-sec32.json" --no-cert
tap_done

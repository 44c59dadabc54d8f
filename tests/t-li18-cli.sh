#!/usr/bin/env bash
# The li18 claims (issue 3) end to end: exit 0 on the built-in instances;
# exit 2 with one line on stderr naming the file and the field for bad
# n-shortcut and Lemma 1 specs; exit 1 for a Lemma 1 instance that violates
# the lemma's hypothesis.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/cli-helpers.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DATA="$SRC/src/claims/data"


# built-in instances, by ID and alias
for c in li18.thm2-n1 li18.thm2-n2 hessian li18.thm2-n3 li18.lemma1; do
  run 0 "verify $c" "$RC" verify "$c" --cert-dir "$tmp/c-$c"
  ls "$tmp/c-$c"/*.json >/dev/null 2>&1; tap_check "verify $c writes a certificate" $?
done
run 0 "verify hessian --format tap" "$RC" verify hessian --no-cert --format tap
grep -q '^not ok' "$tmp/out"; tap_check "hessian: no failing statement in the TAP output" $([ $? -ne 0 ] && echo 0 || echo 1)
for c in li18.thm2-n1 li18.thm2-n2 li18.thm2-n3 li18.lemma1; do
  "$RC" list >"$tmp/list"
  grep -q "^$c " "$tmp/list"; tap_check "list shows $c" $?
done

# the built-in spec files read through --spec, each by its claim
for pair in li18-n1.json:li18.thm2-n1 li18-n2.json:hessian li18-n3.json:li18.thm2-n3 \
  li18-lemma1.json:li18.lemma1; do
  run 0 "verify ${pair#*:} --spec ${pair%%:*}" "$RC" verify "${pair#*:}" --spec "$DATA/${pair%%:*}" --no-cert
done
# n >= 3 also takes n = 4
/usr/bin/python3 - "$DATA/li18-n3.json" "$tmp/n4.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["n"] = 4; d["R"] = 2
json.dump(d, open(sys.argv[2], "w"))
PY
run 0 "li18.thm2-n3 on an n = 4 spec" "$RC" verify li18.thm2-n3 --spec "$tmp/n4.json" --no-cert

# bad specs: exit 2, one line on stderr naming the file and the field
bad "X with d - 1 rows" li18-n2.json 'd["X"]=d["X"][:2]' hessian 'X:'
bad "X row with m - 1 entries" li18-n2.json 'd["X"][1]=d["X"][1][:-1]' hessian 'X\[1\]:'
bad "Y with d + 1 rows" li18-n1.json 'd["Y"].append(d["Y"][0])' li18.thm2-n1 'Y:'
bad "X not an array" li18-n3.json 'd["X"]="1"' li18.thm2-n3 'X:'
bad "n = 1 spec given to the n = 2 claim" li18-n1.json 'pass' hessian 'n:'
bad "n = 2 spec given to the n = 1 claim" li18-n2.json 'pass' li18.thm2-n1 'n:'
bad "n = 2 spec given to the n >= 3 claim" li18-n2.json 'pass' li18.thm2-n3 'n:'
bad "n = 3 spec given to the n = 2 claim" li18-n3.json 'pass' li18.thm2-n2 'n:'
bad "sigma_mid(0) = 1" li18-n2.json 'd["activations"]["mid"]={"derivatives":["1","1"]}' hessian 'activations.mid'
bad "sigma_post(0) = -1/2" li18-n1.json 'd["activations"]["post"]={"derivatives":["-1/2","1"]}' li18.thm2-n1 'activations.post'
bad "unknown activation name" li18-n2.json 'd["activations"]["pre"]="tanh"' hessian 'activations.pre'
bad "activation derivative not a number" li18-n3.json 'd["activations"]["post"]={"derivatives":["0","x"]}' li18.thm2-n3 'activations.post.derivatives\[1\]'
bad "X entry not a number" li18-n2.json 'd["X"][0][1]="two"' hessian 'X\[0\]\[1\]'
bad "Y entry with zero denominator" li18-n1.json 'd["Y"][2][3]="1/0"' li18.thm2-n1 'Y\[2\]\[3\]'
bad "R = 0" li18-n2.json 'd["R"]=0' hessian 'R:'
bad "R = 65 (beyond the maximum)" li18-n1.json 'd["R"]=65' li18.thm2-n1 'R:'
bad "R not an integer" li18-n3.json 'd["R"]="2"' li18.thm2-n3 'R:'
bad "d = 0" li18-n2.json 'd["d"]=0' hessian 'd:'
bad "missing X" li18-n2.json 'del d["X"]' hessian 'X:'
bad "lemma1: i = 0" li18-lemma1.json 'd["i"]=0' li18.lemma1 'i:'
bad "lemma1: i = m + 1" li18-lemma1.json 'd["i"]=len(d["columns"])+1' li18.lemma1 'i:'
bad "lemma1: rho = 0" li18-lemma1.json 'd["rho"]="0"' li18.lemma1 'rho:'
bad "lemma1: a_new of the wrong length" li18-lemma1.json 'd["a_new"]=d["a_new"][:2]' li18.lemma1 'a_new:'
bad "lemma1: a_new equal to column i (d = 0)" li18-lemma1.json 'd["a_new"]=d["columns"][d["i"]-1]' li18.lemma1 'a_new:'
bad "lemma1: column entry not a number" li18-lemma1.json 'd["columns"][2][1]="1/x"' li18.lemma1 'columns\[2\]\[1\]'

# a spec of the other kind: exit 2, one line naming both kinds (the command
# line rejects it before reading fields)
for pair in li18-lemma1.json:hessian li18-n2.json:li18.lemma1 li18-n1.json:prop1; do
  run 2 "${pair%%:*} given to ${pair#*:}" "$RC" verify "${pair#*:}" --spec "$DATA/${pair%%:*}" --no-cert
  lines=$(wc -l <"$tmp/err")
  tap_check "${pair%%:*} given to ${pair#*:}: one line on stderr" $([ "$lines" -eq 1 ] && echo 0 || echo 1) "$(cat "$tmp/err")"
done

# Lemma 1 refuted when its hypothesis fails: with rho = 19/10, column 4
# (2/3, 2/3, 1/3) is sqrt(6)/3 < rho/2 from a_1 = (1, 0, 0), so the unit also
# moves column 4 and (13) fails
/usr/bin/python3 - "$DATA/li18-lemma1.json" "$tmp/rho.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["rho"] = "19/10"
json.dump(d, open(sys.argv[2], "w"))
PY
run 1 "lemma1 with rho = 19/10 is refuted" "$RC" verify li18.lemma1 --spec "$tmp/rho.json" --no-cert
grep -q "FAIL.*hypotheses" "$tmp/out"; tap_check "lemma1 rho = 19/10: the failing hypothesis is shown" $? "$(cat "$tmp/out")"
grep -q "FAIL.*(13)" "$tmp/out"; tap_check "lemma1 rho = 19/10: (13) fails" $? "$(cat "$tmp/out")"
# a non-unit column is refuted too
/usr/bin/python3 - "$DATA/li18-lemma1.json" "$tmp/unit.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["columns"][1] = ["0", "2", "0"]
json.dump(d, open(sys.argv[2], "w"))
PY
run 1 "lemma1 with a column of norm 2 is refuted" "$RC" verify li18.lemma1 --spec "$tmp/unit.json" --no-cert

# --compare-float: the float path's Hessian and cond beside the exact ones
for c in hessian li18.thm2-n1; do
  run 0 "verify $c --compare-float" "$RC" verify "$c" --compare-float --no-cert
  err=$(grep -o "relative error [0-9.e+-]*" "$tmp/out" | awk '{print $3}')
  diff=$(grep -o "max |H_float - H_exact| = [0-9.e+-]*" "$tmp/out" | awk '{print $NF}')
  awk -v e="$err" 'BEGIN { exit !(e != "" && e < 1e-10) }'
  tap_check "$c: float cond(H) within a relative 1e-10 of the certified value ($err)" $?
  awk -v e="$diff" 'BEGIN { exit !(e != "" && e < 1e-12) }'
  tap_check "$c: float Hessian within 1e-12 of the exact one entrywise ($diff)" $?
done
tap_done

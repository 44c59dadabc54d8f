#!/usr/bin/env bash
# Strict inputs, both ways (issue 8 §2): a misspelt or unknown key anywhere in
# a spec is an input error naming the file and field (exit 2); a certificate's
# key sets are matched exactly and whole; printed values follow the documented
# normalisation rule; every spec kind has an example, and 'verify all --spec'
# runs exactly the claims that read it.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cli-helpers.sh"

# unknown keys at every level of every kind, some holding a value that would fail
bad "top-level printd" yun19-sec31.json 'd["printd"] = d.pop("printed")' prop1 printd
bad "printed.r_linn with a wrong value" yun19-sec31.json 'd["printed"]["r_linn"] = "9*rho^2/15"' prop1 printed.r_linn
bad "a key in the ResNet point" yun19-sec31.json 'd["resnet"]["w"] = "1"' prop1 resnet.w
bad "a key in a Table 1 row" yun19-sec31.json 'd["printed"]["table1"][2]["bonud"] = "0"' table1 'printed.table1\[2\].bonud'
bad "a key in a mirror row" yun19-sec31.json 'd["printed"]["table1_mirror"] = [{"constant": "0", "extra": "1"}]' yun19.table1-mirror 'printed.table1_mirror\[0\].extra'
bad "a key in a §3.2 block" yun19-sec32.json 'd["blocks"][1]["uu"] = "1"' nonmono 'blocks\[1\].uu'
bad "a key in §3.2 printed" yun19-sec32.json 'd["printed"]["err_x"] = "0.3"' nonmono printed.err_x
bad "a key in li18 activations" li18-n2.json 'd["activations"] = {"pree": "relu"}' hessian activations.pree
bad "a key in an activation object" li18-n2.json 'd["activations"] = {"mid": {"derivative": ["0", "1"]}}' hessian activations.mid.derivative
bad "a top-level key in an n = 1 spec" li18-n1.json 'd["RR"] = 3' li18.thm2-n1 RR
bad "a lemma1 key" li18-lemma1.json 'd["rhoo"] = "1"' li18.lemma1 rhoo
bad "a 300-character key" yun19-sec31.json 'd["k" * 300] = 1' prop1 kkkkkkkkkk
bad "top-level printd, again" yun19-sec31.json 'd["printd"] = d.pop("printed")' prop1 printd
grep -q 'unknown field (did you mean "printed"?)' "$tmp/err"
tap_check "a misspelt key gets a suggestion" $? "$(cat "$tmp/err")"

# the normalisation rule: printed values are compared by value, kept as written
/usr/bin/python3 - "$SRC/src/claims/data/yun19-sec31.json" "$tmp/spell.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["printed"]["r_lin"] = "16/30*rho^2"
d["printed"]["resnet_H"][1] = "+01"
json.dump(d, open(sys.argv[2], "w"))
PY
run 0 "equal-valued spellings 16/30*rho^2 and +01 are normalised" "$RC" verify prop1 --spec "$tmp/spell.json" --cert-dir "$tmp/c"
grep -q '"text": "16/30\*rho^2"' "$tmp/c/yun19.prop1--spell.json" && grep -q '"text": "+01"' "$tmp/c/yun19.prop1--spell.json"
tap_check "... and the certificate keeps the text as written" $?
run 0 "... and the certificate checks" "$RC" check "$tmp/c/yun19.prop1--spell.json"
/usr/bin/python3 - "$SRC/src/claims/data/yun19-sec31.json" "$tmp/spell2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["printed"]["r_lin"] = "2/4*rho^2"
json.dump(d, open(sys.argv[2], "w"))
PY
run 1 "a different value in another spelling is refuted" "$RC" verify yun19.rlin --spec "$tmp/spell2.json" --no-cert
grep -q "paper:    2/4\*rho^2" "$tmp/out"
tap_check "... and the paper line shows it as written" $? "$(grep -A2 FAIL "$tmp/out")"
for v in "+0.3205" ".3205" "0.3205 " "0.32/1.0"; do
  bad "printed decimal '$v' is not a plain decimal" yun19-sec32.json "d['printed']['err_X'] = '$v'" nonmono printed.err_X
done
bad "a printed row interval that does not parse" yun19-sec31.json 'd["printed"]["table1"][1]["breakpoint_in"] = "0 to 1"' table1 'printed.table1\[1\].breakpoint_in'
/usr/bin/python3 - "$SRC/src/claims/data/yun19-sec31.json" "$tmp/label.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["printed"]["table1"][2]["breakpoint_in"] = "[2, 3)"
json.dump(d, open(sys.argv[2], "w"))
PY
run 1 "a printed row interval that is not the row's" "$RC" verify table1 --spec "$tmp/label.json" --no-cert
grep -q "row interval: paper \[2, 3), computed \[1, 2)" "$tmp/out"
tap_check "... is shown beside the computed one" $? "$(grep -A3 FAIL "$tmp/out" | head -5)"

# certificates: exact key sets with JSON paths
cert="$SRC/certificates/yun19.prop1.json"
mutate() { # mutate DESC PY-ON-d PATH-REGEX
  /usr/bin/python3 - "$cert" "$tmp/m.json" "$2" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
h = lambda x: hashlib.sha256(json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()).hexdigest()
d["inputs_sha256"] = h(d["inputs"])
d["sha256"] = h({k: v for k, v in d.items() if k != "sha256"})
json.dump(d, open(sys.argv[2], "w"))
PY
  run 1 "certificate: $1" "$RC" check "$tmp/m.json"
  grep -q "REJECTED: $3" "$tmp/err"
  tap_check "... rejected at $3" $? "$(cat "$tmp/err")"
}
mutate "a missing key in a nested input" 'd["inputs"]["resnet"].pop("u")' 'inputs.resnet.u: missing'
mutate "an extra key in a nested input" 'd["inputs"]["printed"]["r_lin"]["note"] = "x"' 'inputs.printed.r_lin.note: unexpected field'
mutate "an extra key in the results" 'd["results"]["resnet"]["extra"] = 1' 'results.resnet.extra: unexpected field'
mutate "a key with a prefix of a real key" 'd["inputs"]["printed"]["r_li"] = d["inputs"]["printed"].pop("r_lin")' 'inputs.printed.r_li: unexpected field'
mutate "a key extending a real key" 'd["inputs"]["xy"] = d["inputs"].pop("x")' 'inputs.xy: unexpected field'
mutate "a key with odd characters" 'd["inputs"]["printed"]["r lin"] = 1' 'inputs.printed: a key with characters other than'
mutate "a 63-character key" 'd["inputs"]["k" * 63] = 1' 'inputs.k\{63\}: unexpected field'
/usr/bin/python3 - "$cert" "$tmp/dup.json" <<'PY'
import sys
t = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(t.replace('"resnet": {', '"resnet": {"b": "1", ', 1))
PY
run 1 "certificate: a duplicated key" "$RC" check "$tmp/dup.json"
grep -q "REJECTED: inputs.resnet.b: a duplicated key" "$tmp/err"
tap_check "... rejected at its JSON path" $? "$(cat "$tmp/err")"

# every spec kind has an example; verify all --spec runs exactly its claims
kinds=$("$RC" list | awk 'NR > 1 {print $4}' | tr ',' '\n' | sort -u)
for k in $kinds; do
  n=$(grep -l "\"kind\": \"$k\"" "$SRC"/examples/*.json 2>/dev/null | wc -l)
  tap_check "spec kind $k has an example in examples/ ($n)" $([ "$n" -ge 1 ] && echo 0 || echo 1)
done
for f in "$SRC"/examples/*.json; do
  [ -e "$f" ] || continue
  want=$(/usr/bin/python3 - "$f" <(NO_COLOR=1 "$RC" list) <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = [l.split() for l in open(sys.argv[2]).read().splitlines()[1:]]
n = d.get("n")
def applies(cid):
    if cid == "yun19.thm4":  # Huber specs and its suite
        return d.get("loss") == "huber" or d.get("kind") == "yun19.thm4-suite"
    if cid == "yun19.thm2":  # a twice-differentiable loss
        return d.get("loss") != "huber"
    if not cid.startswith("li18.thm2-n"):
        return True
    k = int(cid[-1])
    return n == k if k < 3 else n >= 3
print(" ".join(r[0] for r in rows if d["kind"] in r[3].split(",") and applies(r[0])))
PY
)
  "$RC" verify all --spec "$f" --no-cert >"$tmp/out" 2>"$tmp/err"
  rc=$?
  # a paper's claim by its ID; a user's own claim as "user claim ID (kind K)", by K
  got=$(grep -oE '^([a-z0-9]*\.[a-z0-9-]*|user claim [^ ]+ \(kind [a-z]+\))  on ' "$tmp/out" |
        sed -E 's/^user claim [^ ]+ \(kind ([a-z]+)\)/\1/; s/  on $//' | tr '\n' ' ' | sed 's/ $//')
  tap_check "verify all --spec $(basename "$f") runs exactly: $want (exit $rc)" \
    $([ "$got" = "$want" ] && [ "$rc" -ne 2 ] && echo 0 || echo 1) "got: $got; $(head -c 300 "$tmp/err")"
done
run 2 "naming an n = 1 claim on an n = 2 spec" "$RC" verify li18.thm2-n1 --spec "$SRC/examples/li18-n2-small.json" --no-cert
grep -q "li18-n2-small.json: field n" "$tmp/err"
tap_check "... names field n" $? "$(cat "$tmp/err")"
tap_done

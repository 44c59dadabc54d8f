#!/usr/bin/env bash
# Limits decided before the work (issue 8 §4, docs/limits.md): every input
# beyond a documented limit is refused with exit 2 and one line naming the
# field and the limit, by 'verify' and by 'check' alike. (How fast the
# refusal comes is measured in bench/limits.py, not asserted here.)
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cli-helpers.sh"

limit() { # limit DESC FILE-PATTERN CMD...: exit 2, one line, naming the field
  local desc=$1 pat=$2
  shift 2
  run 2 "$desc" "$@"
  lines=$(wc -l <"$tmp/err")
  grep -q -- "$pat" "$tmp/err"
  tap_check "... one line naming it: $pat" $([ $? -eq 0 ] && [ "$lines" -eq 1 ] && echo 0 || echo 1) "$(cat "$tmp/err")"
}
# edit CERT OUT PY: the certificate changed by PY (on d), hashes recomputed
edit() {
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
h = lambda x: hashlib.sha256(json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()).hexdigest()
d["inputs_sha256"] = h(d["inputs"])
d["sha256"] = h({k: v for k, v in d.items() if k != "sha256"})
json.dump(d, open(sys.argv[2], "w"))
PY
}
spec() { # spec OUT PY: a spec built by PY into d
  /usr/bin/python3 -c "import json, sys; d = {}; exec(sys.argv[2]); json.dump(d, open(sys.argv[1], 'w'))" "$1" "$2"
}
gen() { /usr/bin/python3 "$SRC/bench/gen-hessian-spec.py" "$@"; }

# file sizes, checked before reading
truncate -s 200M "$tmp/huge.json"
limit "a 200 MB certificate" "beyond the limits (docs/limits.md): file size: more than 33554432 bytes" "$RC" check "$tmp/huge.json"
truncate -s 9M "$tmp/huge-spec.json"
limit "a 9 MB spec" "huge-spec.json: file size: 9437184 bytes, beyond the limit" "$RC" verify prop1 --spec "$tmp/huge-spec.json" --no-cert

# certificates: digits, degrees, interval ends, witness points, widths
cert="$SRC/certificates/yun19.prop1.json"
w='d["results"]["resnet"]["risk_minus_r_lin"]["sign_table"]'
edit "$cert" "$tmp/c1.json" "$w[\"content\"] = '9' * 100001"
limit "an integer of 100001 digits in a witness" "sign_table.content: an integer of more than 100000 digits" "$RC" check "$tmp/c1.json"
edit "$cert" "$tmp/c2.json" "$w[\"factors\"][0][\"poly\"] = ['1'] * 600"
limit "a polynomial of degree 599" "sign_table.factors\[0\].poly: a polynomial of degree above 512" "$RC" check "$tmp/c2.json"
edit "$cert" "$tmp/c3.json" 'd["inputs"]["interval"]["hi"]["poly"] = ["-5"] + ["1"] * 300'
limit "an interval end given as a dense polynomial of degree 300" "inputs.interval.hi.poly: an interval end of degree above 2" "$RC" check "$tmp/c3.json"
edit "$cert" "$tmp/c4.json" 'd["inputs"]["x"][1] = "1" + "0" * 45'
limit "an input number of 46 digits" "inputs.x\[1\]: a number with more than 40 digits" "$RC" check "$tmp/c4.json"
edit "$cert" "$tmp/c5.json" 'd["results"]["resnet"]["risk_minus_r_lin"]["sign_table"]["samples"][0]["at"] = "1/" + "7" * 2001'
limit "a sample point of 2001 digits" "sign_table.samples\[0\].at: an integer of more than 2000 digits" "$RC" check "$tmp/c5.json"
/usr/bin/python3 - "$cert" "$tmp/c6.json" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
st = d["results"]["resnet"]["risk_minus_r_lin"]["sign_table"]
st["factors"].append({"multiplicity": 1, "pole": False, "poly": ["1"] * 100000 + ["1"]})
h = lambda x: hashlib.sha256(json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()).hexdigest()
d["inputs_sha256"] = h(d["inputs"])
d["sha256"] = h({k: v for k, v in d.items() if k != "sha256"})
json.dump(d, open(sys.argv[2], "w"))
PY
limit "a sign-table factor of degree 100000" "factors\[.*\].poly: a polynomial of degree above 512" "$RC" check "$tmp/c6.json"
/usr/bin/python3 - "$cert" "$tmp/c7.json" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
st = d["results"]["resnet"]["risk_minus_r_lin"]["sign_table"]
st["factors"].insert(0, {"multiplicity": 1, "pole": False, "poly": ["1", "3"] + ["1"] * 400 + ["1"]})
h = lambda x: hashlib.sha256(json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()).hexdigest()
d["inputs_sha256"] = h(d["inputs"])
d["sha256"] = h({k: v for k, v in d.items() if k != "sha256"})
json.dump(d, open(sys.argv[2], "w"))
PY
run 1 "a sign-table factor of degree 402, above N*D's, is rejected (not factored)" "$RC" check "$tmp/c7.json"
grep -q "factors\[0\]: the factors have a larger degree than N\*D" "$tmp/err"
tap_check "... at the degree comparison" $? "$(cat "$tmp/err")"

# li18: the issue's admissible-looking sizes, refused by their estimated cost
gen 32 8 6 64 >"$tmp/l1.json"
limit "li18 spec d = 32, n = 6, R = 64" "l1.json: field m: d = 32, m = 8, n = 6, R = 64 (4-bit data) would take about .* beyond the budget of 10 s" "$RC" verify all --spec "$tmp/l1.json" --no-cert
gen 16 2000 1 64 >"$tmp/l2.json"
limit "li18 spec d = 16, m = 2000, R = 64, n = 1" "l2.json: field m: .* beyond the budget of 10 s" "$RC" verify all --spec "$tmp/l2.json" --no-cert
gen 3 8 1 40 >"$tmp/l3.json"
limit "li18 n = 1 spec whose exact spectra would run for minutes" "l3.json: field R: .* beyond the budget" "$RC" verify all --spec "$tmp/l3.json" --no-cert
widen='i = d["inputs"]; i.update(d=32, X=[i["X"][k % 3] for k in range(32)], Y=[i["Y"][k % 3] for k in range(32)])'
edit "$SRC/certificates/li18.thm2-n2.json" "$tmp/l4.json" "$widen; i.update(R=64)"
limit "an li18 certificate of d = 32, R = 64" "inputs.d: d = 32, m = 8, n = 2, R = 64 (4-bit data) would take about" "$RC" check "$tmp/l4.json"
edit "$SRC/certificates/li18.thm2-n3.json" "$tmp/l5.json" "$widen; i.update(n=6, R=64)"
limit "an li18 n >= 3 certificate of d = 32, n = 6, R = 64" "inputs.m: d = 32, m = 8, n = 6, R = 64 (4-bit data) would take" "$RC" check "$tmp/l5.json"
run 0 "verify --estimate on an admissible spec" "$RC" verify all --spec "$tmp/l3.json" --estimate
grep -q "li18.thm2-n1: d = 3, m = 8, n = 1, R = 40 (4-bit data): about .* s, beyond the budget of 10 s" "$tmp/out"
tap_check "... prints the estimate against the budget and runs nothing" $? "$(cat "$tmp/out")"

# specs: the other kinds' limits
spec "$tmp/s1.json" 'd.update(kind="yun19.sec31", x=[str(i) for i in range(5000)], y=["rho"] * 5000, domain="(0, inf)", interval="(0, 1]")'
limit "a §3.1 spec of 5000 points" "s1.json: field x: 5000 points would take about" "$RC" verify prop1 --spec "$tmp/s1.json" --no-cert
spec "$tmp/s2.json" 'd.update(kind="yun19.sec32", x=[str(i) for i in range(10000)], y=["1"] * 10000, blocks=[{"v": "1", "u": "1", "b": "0"}] * 1000, w="1", c="0")'
limit "a §3.2 spec of 10000 points through 1000 blocks" "s2.json: field blocks: 10000 points through 1000 blocks (5 bits per block): the certificate would be about" "$RC" verify nonmono --spec "$tmp/s2.json" --no-cert
spec "$tmp/s3.json" 'd.update(kind="li18.lemma1", columns=[["1", "0", "0"]] * 10000, i=1, a_new=["0", "1", "0"], rho="1")'
limit "a Lemma 1 spec of 10000 columns" "s3.json: field columns: 10000 columns of dimension 3 would take" "$RC" verify li18.lemma1 --spec "$tmp/s3.json" --no-cert
spec "$tmp/s4.json" 'd.update(kind="yun19.sec31", x=["0", "1", "2"], y=["(10^60)^5", "1", "2"], domain="(0, inf)", interval="(0, 1]")'
limit "a spec number of 301 digits" "s4.json: field y\[0\]: .*more than 40 digits" "$RC" verify yun19.rlin --spec "$tmp/s4.json" --no-cert

# a killed verify leaves NAME.tmp.PID behind; the next run removes it
mkdir -p "$tmp/certs"
sleep 30 & pid=$!
kill -9 $pid; wait $pid 2>/dev/null
touch "$tmp/certs/yun19.rlin.json.tmp.$pid" "$tmp/certs/keep.json.tmp.$$" "$tmp/certs/notes.tmp.txt"
run 0 "verify after a killed run" "$RC" verify yun19.rlin --cert-dir "$tmp/certs"
[ ! -e "$tmp/certs/yun19.rlin.json.tmp.$pid" ] && [ -e "$tmp/certs/keep.json.tmp.$$" ] && [ -e "$tmp/certs/notes.tmp.txt" ]
tap_check "... removed the stale .tmp.PID of a dead process, kept a live one's and other files" $? "$(ls "$tmp/certs")"
/usr/bin/python3 "$SRC/scripts/gen-limits-table.py" --check >"$tmp/out" 2>&1
tap_check "docs/limits.md's table is the one limits.h gives" $? "$(cat "$tmp/out")"
tap_done

#!/usr/bin/env bash
# A certificate is bound to its data (issue 8 §1): a claim ID means the
# paper's claim only when the inputs are exactly the paper's (the checker's
# own copy, src/check/paper/); anything else is a user claim of that kind,
# and every output line says which, with the full SHA-256s.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cli-helpers.sh"

# edit IN OUT PY: the certificate IN changed by PY (on the dict d), both
# hashes recomputed as the format defines them, written to OUT
edit() {
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
def h(x):
    return hashlib.sha256(json.dumps(x, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=True).encode()).hexdigest()
d["inputs_sha256"] = h(d["inputs"])
d["sha256"] = h({k: v for k, v in d.items() if k != "sha256"})
json.dump(d, open(sys.argv[2], "w"), indent=2, sort_keys=True)
PY
}
sha_inputs() { /usr/bin/python3 -c 'import hashlib,json,sys; d=json.load(open(sys.argv[1])); print(hashlib.sha256(json.dumps(d["inputs"],sort_keys=True,separators=(",",":"),ensure_ascii=True).encode()).hexdigest())' "$1"; }

# the claims whose built-in data are rescheck's constructions, not the paper's
# (read from the one list the prover and checker share)
constructed=" $(sed -n '/constructed\[\] = {/,/};/p' "$SRC/include/rescheck/origin.h" | grep -o '"[a-z0-9.-]*"' | tr -d '"' | tr '\n' ' ')"
phrase_of() { case "$constructed" in *" $1 "*) echo "on rescheck's built-in instances" ;; *) echo "on the paper's data" ;; esac; }

# every committed certificate is the claim on its built-in data: the paper's
# data, or for a constructed claim rescheck's built-in instances
for f in "$SRC"/certificates/*.json; do
  claim=$(basename "$f" .json)
  on=$(phrase_of "$claim")
  out=$("$RC" check "$f" 2>&1)
  sha=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' "$f")
  echo "$out" | grep -qF ": valid, $claim verified $on (sha256 $sha)"
  tap_check "$claim: checked $on, full sha256 printed" $? "$out"
done
[ "$constructed" != " " ]
tap_check "origin.h lists the constructed claims ($constructed)" $?

# a user-data certificate of prop1 (its own spec)
run 1 "prop1 on a user's dataset is refuted" "$RC" verify prop1 --spec "$SRC/examples/sec31-fc-beats-linear.json" --cert-dir "$tmp/c"
user="$tmp/c/yun19.prop1--sec31-fc-beats-linear.json"
ish=$(sha_inputs "$user")
grep -qF "yun19.prop1  on user data (inputs sha256 $ish)" "$tmp/out"
tap_check "verify text names user data and the full inputs sha256 in the header" $? "$(head -2 "$tmp/out")"
grep -q "=> refuted on user data (inputs sha256 $ish); certificate .* (sha256 [0-9a-f]\{64\})$" "$tmp/out"
tap_check "verify text's verdict line names the data and the full certificate sha256" $? "$(grep '=>' "$tmp/out")"

# the issue's attack: the inputs are another dataset's, the spec says built-in
edit "$user" "$tmp/forged.json" 'd["spec"] = "built-in:yun19-sec31"'
run 1 "a certificate naming the built-in data for other inputs" "$RC" check "$tmp/forged.json"
grep -q "REJECTED: spec: names the paper's data" "$tmp/err"
tap_check "... is rejected at field spec, never reported as the paper's claim" $? "$(cat "$tmp/out" "$tmp/err")"
# the verified variant: prop1's paper data with one y changed, re-proved by the tool
/usr/bin/python3 - "$SRC/src/claims/data/yun19-sec31.json" "$tmp/near.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["y"][0] = "-rho/2"
for k in [k for k in d.get("printed", {})]:
    d["printed"].pop(k)
json.dump(d, open(sys.argv[2], "w"))
PY
"$RC" verify prop1 --spec "$tmp/near.json" --cert-dir "$tmp/n" >/dev/null 2>&1
near="$tmp/n/yun19.prop1--near.json"
edit "$near" "$tmp/near-builtin.json" 'd["spec"] = "built-in:yun19-sec31"'
run 1 "a verified certificate on near-paper data relabelled built-in" "$RC" check "$tmp/near-builtin.json"
out=$("$RC" check "$near" 2>&1)
echo "$out" | grep -qF "a user claim of kind yun19.prop1" && ! echo "$out" | grep -q "paper's data"
tap_check "near-paper data checks as a user claim, not the paper's" $? "$out"
echo "$out" | grep -qF "on user data (inputs sha256 $(sha_inputs "$near"))"
tap_check "... with the full inputs sha256 the Python hash gives" $? "$out"

# the paper's inputs under another spec name are still the paper's data
edit "$SRC/certificates/yun19.prop1.json" "$tmp/renamed.json" 'd["spec"] = "my-copy.json"'
run 0 "the paper's certificate with its spec renamed" "$RC" check "$tmp/renamed.json"
grep -qF "valid, yun19.prop1 verified on the paper's data" "$tmp/out"
tap_check "... is still on the paper's data: the data decides" $? "$(cat "$tmp/out")"
# a user spec holding exactly the paper's data is the paper's data
run 0 "verify prop1 on a copy of the built-in spec" "$RC" verify prop1 --spec "$SRC/src/claims/data/yun19-sec31.json" --no-cert
grep -qF "yun19.prop1  on the paper's data" "$tmp/out"
tap_check "... reports the paper's data" $? "$(head -1 "$tmp/out")"

# inputs_sha256 is checked
edit "$SRC/certificates/yun19.rlin.json" "$tmp/isha.json" 'pass'
/usr/bin/python3 - "$tmp/isha.json" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
d["inputs_sha256"] = "0" * 64
d["sha256"] = hashlib.sha256(json.dumps({k: v for k, v in d.items() if k != "sha256"}, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()).hexdigest()
json.dump(d, open(sys.argv[1], "w"))
PY
run 1 "a wrong inputs_sha256" "$RC" check "$tmp/isha.json"
grep -q "REJECTED: inputs_sha256: certificate says 0\{64\}, the inputs hash to [0-9a-f]\{64\}" "$tmp/err"
tap_check "... is rejected naming inputs_sha256" $? "$(cat "$tmp/err")"

# every TAP line and every JSON claim names the data
run 1 "verify prop1 --format tap on user data" "$RC" verify prop1 --spec "$SRC/examples/sec31-fc-beats-linear.json" --no-cert --format tap
total=$(grep -c '^\(not \)\?ok ' "$tmp/out")
named=$(grep -c "^\(not \)\?ok [0-9]* - yun19.prop1 on user data (inputs sha256 $ish): " "$tmp/out")
tap_check "every TAP line names user data and the inputs sha256 ($named of $total)" $([ "$total" -gt 0 ] && [ "$named" -eq "$total" ] && echo 0 || echo 1)
run 0 "verify all --format tap on the built-in data" "$RC" verify all --no-cert --format tap
total=$(grep -c '^\(not \)\?ok ' "$tmp/out")
named=0
while read -r claim rest; do
  case "$rest" in "$(phrase_of "$claim"):"*) named=$((named + 1)) ;; esac
done < <(sed -n 's/^\(not \)\{0,1\}ok [0-9]* - \([a-z0-9.-]*\) /\2 /p' "$tmp/out")
tap_check "every TAP line names its built-in data ($named of $total)" $([ "$total" -gt 0 ] && [ "$named" -eq "$total" ] && echo 0 || echo 1)
run 1 "verify prop1 --format json on user data" "$RC" verify prop1 --spec "$SRC/examples/sec31-fc-beats-linear.json" --no-cert --format json
/usr/bin/python3 - "$tmp/out" "$ish" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["claims"][0]
sys.exit(0 if (c["data"], c["inputs_sha256"]) == ("user", sys.argv[2]) and "user data" in c["on"] else 1)
PY
tap_check "JSON names user data and the inputs sha256" $?
tap_done

#!/usr/bin/env bash
# The generic claim kinds claim.lsq and claim.matrix (issue 11 §1): a user's
# own least-squares and matrix claims, verified, refuted with the difference
# visible, refused with the file and field named, certificates that check,
# and tampered certificates rejected. The data are chosen so that the naive
# statement is false: a singular design (the fit is not unique), a matrix
# with a zero eigenvalue (not positive definite) and a repeated eigenvalue.
set -u
RC=$1
SRC=$2
. "$(dirname "$0")/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/cli-helpers.sh"
EX="$SRC/examples"

# spec OUT BASE PY: the example BASE changed by PY (on d)
spec() {
  /usr/bin/python3 - "$EX/$2" "$1" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
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
has() { # has DESC PATTERN FILE
  grep -q -- "$2" "$3"; tap_check "$1" $? "$(head -c 600 "$3")"
}
# badspec DESC BASE PY CLAIM FIELD: exit 2, one line naming the file and field
badspec() {
  spec "$tmp/bad.json" "$2" "$3"
  run 2 "$1" "$RC" verify "$4" --spec "$tmp/bad.json" --no-cert
  lines=$(wc -l <"$tmp/err")
  grep -q "bad.json: field $5" "$tmp/err"
  tap_check "$1: one line naming the file and field $5" $([ $? -eq 0 ] && [ "$lines" -eq 1 ] && echo 0 || echo 1) "$(cat "$tmp/err")"
}
# tamper DESC CERT PY PATTERN: a certificate changed by PY (hashes fixed) is rejected naming PATTERN
tamper() {
  edit "$2" "$tmp/t.json" "$3"
  "$RC" check "$tmp/t.json" >"$tmp/out" 2>&1
  local rc=$?
  grep -q -- "$4" "$tmp/out"
  local named=$?
  grep -q "REJECTED: " "$tmp/out"
  local rejected=$?
  tap_check "tampered: $1 is rejected naming $4" $([ $named -eq 0 ] && [ $rejected -eq 0 ] && [ $rc -eq 1 ] && echo 0 || echo 1) "exit $rc: $(cat "$tmp/out")"
}
# beyond DESC CERT PY PATTERN: a certificate changed by PY is refused as beyond the limits (exit 2)
beyond() {
  edit "$2" "$tmp/t.json" "$3"
  "$RC" check "$tmp/t.json" >"$tmp/out" 2>&1
  local rc=$?
  grep -q -- "beyond the limits (docs/limits.md): $4" "$tmp/out"
  tap_check "check: $1 is beyond the limits, naming $4 (exit 2)" $([ $? -eq 0 ] && [ $rc -eq 2 ] && echo 0 || echo 1) "exit $rc: $(cat "$tmp/out")"
}

run 0 "list" "$RC" list
for id in lsq matrix; do
  grep -Eq "^$id +- +user +claim\.$id " "$tmp/out"; tap_check "list shows $id (paper user, kind claim.$id)" $?
done
run 2 "verify lsq without --spec is a usage error" "$RC" verify lsq --no-cert
has "... saying a spec is needed" "claim lsq has no built-in data" "$tmp/err"
run 0 "verify all (built-in claims) skips the generic ones" "$RC" verify all --no-cert --format tap
grep -Eq '^(not )?ok [0-9]+ - (lsq|matrix) ' "$tmp/out"; tap_check "... and names neither lsq nor matrix" $([ $? -ne 0 ] && echo 0 || echo 1)

# ---- lsq: yun19 §3.1's R_lin, rho-dependent data ----------------------------
run 0 "lsq: §3.1's R_lin = 8 rho^2/15 verified" "$RC" verify lsq --spec "$EX/lsq-sec31-rlin.json" --cert-dir "$tmp/c"
has "... says user claim ID (kind K)" "^user claim sec31.rlin (kind lsq)  on user data" "$tmp/out"
has "... and what the paper says, where" "note the paper, Yun, Sra, Jadbabaie (2019), Section 3.1: the best linear fit" "$tmp/out"
has "... the minimiser over Q(rho)" "the minimiser: w_1 = (2\*rho+5)/5, b = -rho" "$tmp/out"
has "... the risk with its normalisation" "risk R = (1/n) sum_i (f(x_i) - y_i)^2 = 8\*rho^2/15" "$tmp/out"
has "... unique: the Gram determinant is a constant" "is unique: the normal equations A^T A theta = A^T y have full rank 2$" "$tmp/out"
test -f "$tmp/c/sec31.rlin.json"; tap_check "certificate named ID.json (sec31.rlin.json)" $?
run 0 "rescheck check of the lsq certificate" "$RC" check "$tmp/c/sec31.rlin.json"
spec "$tmp/r.json" lsq-sec31-rlin.json 'd["printed"]["risk"] = "4*rho^2/5"'
run 1 "lsq: a wrong printed risk is refuted" "$RC" verify lsq --spec "$tmp/r.json" --cert-dir "$tmp/r"
has "... the difference visible" "paper 4\*rho^2/5, computed 8\*rho^2/15" "$tmp/out"
run 1 "... and its certificate checks as refuted" "$RC" check "$tmp/r/sec31.rlin.json"
spec "$tmp/r.json" lsq-sec31-rlin.json 'd["printed"]["risk"] = "0.53"'
run 1 "lsq: a decimal printed for a rho-dependent risk is refuted, saying why" "$RC" verify lsq --spec "$tmp/r.json" --no-cert
has "... a decimal is a rounding of a number" "this risk depends on rho" "$tmp/out"
spec "$tmp/s.json" lsq-sec31-rlin.json 'd["risk"] = "sum"; d["printed"]["risk"] = "16*rho^2/5"'
run 0 "lsq: risk \"sum\" is the sum of squares (6 x 8 rho^2/15)" "$RC" verify lsq --spec "$tmp/s.json" --no-cert
spec "$tmp/s.json" lsq-sec31-rlin.json 'd["risk"] = "half_mean"; d["printed"]["risk"] = "4*rho^2/15"'
run 0 "lsq: risk \"half_mean\" is half the mean" "$RC" verify lsq --spec "$tmp/s.json" --no-cert

# a rho-dependent design that degenerates at rho = 1
spec "$tmp/d.json" lsq-sec31-rlin.json 'd.update(id="degen", x=["0", "rho-1", "2*rho-2"], y=["0", "1", "rho"], risk="sum"); d.pop("printed")'
run 0 "lsq: a design degenerate at rho = 1" "$RC" verify lsq --spec "$tmp/d.json" --cert-dir "$tmp/d"
has "... unique except at the zeros of det(A^T A) = 6(rho-1)^2" "over Q(rho), i.e. for every rho but the real zeros and poles of det(A^T A) = 6\*(rho-1)^2" "$tmp/out"
has "... its exact minimiser and risk" "w_1 = rho/(2\*rho-2), b = -(rho-2)/6" "$tmp/out"
has "... risk (rho-2)^2/6" "= (rho-2)^2/6" "$tmp/out"
run 0 "... and its certificate checks" "$RC" check "$tmp/d/degen.json"

# ---- lsq: a singular design (feature 2 = 2 x feature 1) ---------------------
run 0 "lsq: singular design, printed parameters are one of the minimisers" "$RC" verify lsq --spec "$EX/lsq-singular-design.json" --cert-dir "$tmp/c"
has "... says the fit is NOT unique, with the rank" "is NOT unique: A^T A has rank 2 < 3 parameters" "$tmp/out"
has "... with the kernel direction" "k_1 = \[-2, 1, 0\]" "$tmp/out"
has "... the risk 1/4 (printed 0.25)" "= 1/4" "$tmp/out"
has "... printed parameters satisfy the normal equations" "the printed parameters are a minimiser" "$tmp/out"
run 0 "rescheck check of the singular-design certificate" "$RC" check "$tmp/c/toy.collinear.json"
spec "$tmp/p.json" lsq-singular-design.json 'd["printed"]["params"] = ["1/5", "1/5", "1/2"]'
run 1 "lsq: parameters off the normal equations are refuted" "$RC" verify lsq --spec "$tmp/p.json" --no-cert
has "... with the residual of the normal equations" "A^T A theta - A^T y = \[-28/5, -56/5, -12/5\] at the paper's theta" "$tmp/out"
spec "$tmp/p.json" lsq-singular-design.json 'd["printed"]["risk"] = "0.26"'
run 1 "lsq: a decimal that is not the rounding of 1/4 is refuted" "$RC" verify lsq --spec "$tmp/p.json" --no-cert
has "... shown as a rounding" "paper 0.26, computed 1/4 (does not round to the printed digits)" "$tmp/out"
spec "$tmp/p.json" lsq-singular-design.json 'd["printed"] = {"risk": "0.250"}'
run 0 "lsq: 0.250 is a correct rounding of 1/4" "$RC" verify lsq --spec "$tmp/p.json" --no-cert

# constant and through-the-origin fits: mean of y; slope Sxy/Sxx
spec "$tmp/k.json" lsq-singular-design.json 'd.update(fit="constant", printed={"risk": "3/2", "params": ["2"]}); d.pop("x")'
run 0 "lsq: constant fit b = mean(y) = 2, risk 3/2 (no x needed)" "$RC" verify lsq --spec "$tmp/k.json" --cert-dir "$tmp/k"
run 0 "... and its certificate checks" "$RC" check "$tmp/k/toy.collinear.json"
spec "$tmp/o.json" lsq-singular-design.json 'd.update(fit="origin", x=["1", "2", "3", "4"], y=["1", "1", "4", "4"], printed={"risk": "59/120", "params": ["31/30"]})'
run 0 "lsq: origin fit w = Sxy/Sxx = 31/30, risk (Syy - Sxy^2/Sxx)/n = 59/120" "$RC" verify lsq --spec "$tmp/o.json" --cert-dir "$tmp/o"
run 0 "... and its certificate checks" "$RC" check "$tmp/o/toy.collinear.json"

# bad lsq specs: exit 2 naming the file and field
badspec "lsq: no id" lsq-sec31-rlin.json 'd.pop("id")' lsq id
badspec "lsq: an id that is no file name" lsq-sec31-rlin.json 'd["id"] = "../x"' lsq id
badspec "lsq: unknown fit" lsq-sec31-rlin.json 'd["fit"] = "linear"' lsq fit
badspec "lsq: unknown normalisation" lsq-sec31-rlin.json 'd["risk"] = "rms"' lsq risk
badspec "lsq: a misspelt printed key" lsq-sec31-rlin.json 'd["printed"]["riks"] = "1"' lsq printed.riks
badspec "lsq: x and y of different lengths" lsq-sec31-rlin.json 'd["x"].pop()' lsq x
badspec "lsq: a row of another width" lsq-singular-design.json 'd["x"][2] = ["1"]' lsq 'x\[2\]'
badspec "lsq: an entry that does not parse" lsq-sec31-rlin.json 'd["y"][3] = "3-rh0"' lsq 'y\[3\]'
badspec "lsq: a JSON real" lsq-sec31-rlin.json 'd["y"][0] = 0.5' lsq 'y\[0\]'
badspec "lsq: printed params of the wrong count" lsq-singular-design.json 'd["printed"]["params"] = ["1"]' lsq printed.params
badspec "lsq: a decimal parameter" lsq-singular-design.json 'd["printed"]["params"][0] = "0.2"' lsq 'printed.params\[0\]'
badspec "lsq: an ambiguous decimal" lsq-singular-design.json 'd["printed"]["risk"] = ".25"' lsq printed.risk
badspec "lsq: degree in rho beyond the limit" lsq-sec31-rlin.json 'd["y"][1] = "rho^9"' lsq 'y\[1\]'
badspec "lsq: too many features" lsq-singular-design.json 'd["x"] = [["1"] * 17] * 4' lsq 'x\[0\]'
badspec "lsq: too many points" lsq-sec31-rlin.json 'd["x"] = ["1"] * 2001; d["y"] = ["1"] * 2001' lsq y
has "... beyond the documented limit" "beyond the limit of 2000 (docs/limits.md)" "$tmp/err"
badspec "lsq: a matrix spec field" lsq-sec31-rlin.json 'd["matrix"] = [["1"]]' lsq matrix

# tampered lsq certificates (hashes fixed): the witnesses are verified
C="$tmp/c/toy.collinear.json"
tamper "a theta off the normal equations" "$C" 'd["results"]["theta"][0] = {"num": ["2"], "den": ["1"]}' "results.theta"
tamper "a theta nonzero off the pivots" "$C" 'd["results"]["theta"] = [{"num": ["1"], "den": ["5"]}, {"num": ["2"], "den": ["5"]}, {"num": ["1"], "den": ["2"]}]' "results.theta: nonzero off the pivot"
tamper "a kernel vector outside the kernel" "$C" 'd["results"]["kernel"][0][0] = {"num": ["-1"], "den": ["1"]}' "results.kernel\[0\]: not in the kernel"
tamper "a dependent pivot set" "$C" 'd["results"]["pivots"] = [0, 1, 2]; d["results"]["kernel"] = []' "results.pivots: A^T A restricted to these columns is singular"
tamper "a rank claimed full with no kernel" "$C" 'd["results"]["rank"] = 3; d["results"]["unique"] = True' "results"
tamper "a changed risk" "$tmp/c/sec31.rlin.json" 'd["results"]["risk"] = {"num": ["0", "0", "1"], "den": ["2"]}' "results.risk"
tamper "a changed input (y)" "$tmp/c/sec31.rlin.json" 'd["inputs"]["y"][0] = "rho"' "results"
tamper "a JSON real in the inputs" "$tmp/c/sec31.rlin.json" 'd["inputs"]["y"][2] = 2.5' "inputs.y\[2\]: expected a number written as a string"
tamper "an unknown input field" "$tmp/c/sec31.rlin.json" 'd["inputs"]["extra"] = 1' "inputs.extra: unexpected field"
tamper "a verdict flipped" "$tmp/r/sec31.rlin.json" 'd["verdict"] = "verified"' "verdict"

# ---- matrix ------------------------------------------------------------------
run 0 "matrix: PSD with a zero and a double eigenvalue, all printed values verified" "$RC" verify matrix --spec "$EX/matrix-psd-repeated.json" --cert-dir "$tmp/c"
has "... charpoly" "det(lambda I - M) = lambda^3 - 6\*lambda^2 + 9\*lambda$" "$tmp/out"
has "... rank 2" "rank M = 2 (kernel of dimension 1)" "$tmp/out"
has "... inertia (2, 1, 0)" "inertia (n+, n0, n-) = (2, 1, 0)" "$tmp/out"
has "... semidefinite, not definite" "M is positive semidefinite, not definite: 0 is an eigenvalue of multiplicity 1" "$tmp/out"
has "... the double eigenvalue with its multiplicity" "0, 3 (multiplicity 2)" "$tmp/out"
test -f "$tmp/c/hess.at-zero.json"; tap_check "certificate named ID.json (hess.at-zero.json)" $?
run 0 "rescheck check of the matrix certificate" "$RC" check "$tmp/c/hess.at-zero.json"
spec "$tmp/m.json" matrix-psd-repeated.json 'd["printed"]["definiteness"] = "positive definite"'
run 1 "matrix: \"positive definite\" is refuted (0 is an eigenvalue)" "$RC" verify matrix --spec "$tmp/m.json" --cert-dir "$tmp/m"
has "... the difference visible" 'paper "positive definite", computed "positive semidefinite"' "$tmp/out"
run 1 "... and its certificate checks as refuted" "$RC" check "$tmp/m/hess.at-zero.json"
spec "$tmp/m.json" matrix-psd-repeated.json 'd["printed"]["eigenvalues"] = ["0", "3.00"]'
run 1 "matrix: the double eigenvalue printed once is refuted (multiplicity counts)" "$RC" verify matrix --spec "$tmp/m.json" --no-cert
has "... saying how many" "the paper lists 2 eigenvalues, M has 3 real ones (with multiplicity)" "$tmp/out"
spec "$tmp/m.json" matrix-psd-repeated.json 'd["printed"]["eigenvalues"] = ["0", "3.01", "3"]'
run 1 "matrix: 3.01 is not a rounding of 3" "$RC" verify matrix --spec "$tmp/m.json" --no-cert
has "... naming the value" "printed eigenvalue 3.01 (printed.eigenvalues\[1\]) is not a correct rounding of" "$tmp/out"
spec "$tmp/m.json" matrix-psd-repeated.json 'd["printed"] = {"eigenvalues": ["0.001", "3.001", "2.999"], "tolerance": "1/1000"}'
run 0 "matrix: eigenvalues within a stated tolerance" "$RC" verify matrix --spec "$tmp/m.json" --no-cert
spec "$tmp/m.json" matrix-psd-repeated.json 'd["printed"] = {"charpoly": "-lambda^3 + 6*lambda^2 - 9*lambda", "inertia": {"positive": 3, "zero": 0, "negative": 0}, "rank": 3}'
run 1 "matrix: det(M - lambda I) accepted, inertia and rank (3) refuted" "$RC" verify matrix --spec "$tmp/m.json" --no-cert
has "... charpoly as det(M - lambda I)" "ok   characteristic polynomial det(M - lambda I)" "$tmp/out"
has "... inertia difference" "paper (n+, n0, n-) = (3, 0, 0), computed (2, 1, 0)" "$tmp/out"
has "... rank difference" "paper 3, computed 2" "$tmp/out"
# irrational eigenvalues: 2 +- sqrt(2) on a 2x2 block, isolated exactly
spec "$tmp/q.json" matrix-psd-repeated.json 'd.update(id="irr", matrix=[["1", "1"], ["1", "3"]], printed={"eigenvalues": ["0.586", "3.414"], "definiteness": "positive definite"})'
run 0 "matrix: eigenvalues 2 -+ sqrt(2) checked as roundings, exactly" "$RC" verify matrix --spec "$tmp/q.json" --cert-dir "$tmp/q"
has "... in closed form" "2-sqrt(2), 2+sqrt(2)" "$tmp/out"
run 0 "... and its certificate checks" "$RC" check "$tmp/q/irr.json"
spec "$tmp/q.json" matrix-psd-repeated.json 'd.update(id="irr", matrix=[["1", "1"], ["1", "3"]], printed={"eigenvalues": ["0.585", "3.414"]})'
run 1 "matrix: 0.585 is not 2 - sqrt(2) rounded (0.5857...)" "$RC" verify matrix --spec "$tmp/q.json" --no-cert
# a nonsymmetric matrix with nonreal eigenvalues
run 0 "matrix: nonsymmetric, one real and a nonreal pair" "$RC" verify matrix --spec "$EX/matrix-rotation-scaling.json" --cert-dir "$tmp/c"
has "... not symmetric" "not symmetric (M\[2\]\[1\] != M\[1\]\[2\], 1-based)" "$tmp/out"
has "... the nonreal pair enclosed" "nonreal eigenvalues \[0.500000000000000 +/- 1e-20\] +/- \[0.866025403784439 +/- 3.54e-16\] i" "$tmp/out"
run 0 "rescheck check of the nonsymmetric certificate" "$RC" check "$tmp/c/gd.jacobian.json"

# bad matrix specs
badspec "matrix: not square" matrix-psd-repeated.json 'd["matrix"][1].pop()' matrix 'matrix\[1\]'
badspec "matrix: inertia printed for a nonsymmetric M" matrix-rotation-scaling.json 'd["printed"]["inertia"] = {"positive": 1, "zero": 0, "negative": 0}' matrix printed.inertia
badspec "matrix: an inertia key missing" matrix-psd-repeated.json 'd["printed"]["inertia"].pop("zero")' matrix printed.inertia.zero
badspec "matrix: unknown definiteness" matrix-psd-repeated.json 'd["printed"]["definiteness"] = "PSD"' matrix printed.definiteness
badspec "matrix: a charpoly in rho" matrix-psd-repeated.json 'd["printed"]["charpoly"] = "rho^3"' matrix printed.charpoly
badspec "matrix: an entry with a variable" matrix-psd-repeated.json 'd["matrix"][0][0] = "rho"' matrix 'matrix\[0\]\[0\]'
badspec "matrix: tolerance without eigenvalues" matrix-psd-repeated.json 'd["printed"] = {"tolerance": "1/10"}' matrix printed.tolerance
badspec "matrix: digits beyond the limit" matrix-psd-repeated.json 'd["digits"] = 201' matrix digits
badspec "matrix: order beyond the limit" matrix-psd-repeated.json 'd["matrix"] = [["0"] * 65] * 65' matrix matrix
has "... beyond the documented limit" "beyond the limit of 64 (docs/limits.md)" "$tmp/err"

# tampered matrix certificates
C="$tmp/c/hess.at-zero.json"
tamper "an eigenvalue interval that isolates nothing" "$C" 'd["results"]["real_eigenvalues"][1]["root"]["lo"] = "4"; d["results"]["real_eigenvalues"][1]["root"]["hi"] = "4"' "results.real_eigenvalues\[1\].root"
tamper "a dropped factor" "$C" 'd["results"]["factors"].pop(0)' "results.factors: their product is not the characteristic polynomial"
tamper "a wrong multiplicity" "$C" 'd["results"]["factors"][1]["multiplicity"] = 1' "results.factors"
tamper "a dropped eigenvalue" "$C" 'd["results"]["real_eigenvalues"].pop(0)' "has 1 real roots, 0 listed"
tamper "a broken LDL^T witness" "$C" 'd["results"]["inertia_witness"]["D"][0] = "-2"' "results.inertia_witness"
tamper "a broken rank witness" "$C" 'd["results"]["rank_witness"]["rank"] = 3' "results.rank_witness"
tamper "a changed enclosure" "$tmp/q/irr.json" 'd["results"]["real_eigenvalues"][0]["enclosure"] = "[0.5 +/- 0.1]"' "results.real_eigenvalues\[0\].enclosure"
tamper "a changed nonreal enclosure" "$tmp/c/gd.jacobian.json" 'd["results"]["complex_eigenvalues"][0]["im"] = "[0.8 +/- 0.1]"' "results.complex_eigenvalues\[0\].im"
tamper "a changed matrix entry" "$C" 'd["inputs"]["matrix"][0][0] = "3"' "results"
beyond "a matrix of order 65" "$C" 'd["inputs"]["matrix"] = [["1"] * 65] * 65' "inputs.matrix"
beyond "200-digit eigenvalue digits plus one" "$C" 'd["inputs"]["digits"] = 201' "inputs.digits"
beyond "a degree-9 entry" "$tmp/c/sec31.rlin.json" 'd["inputs"]["y"][0] = "rho^9"' "inputs.y\[0\]"
beyond "2001 points" "$tmp/c/sec31.rlin.json" 'd["inputs"]["x"] = ["1"] * 2001; d["inputs"]["y"] = ["1"] * 2001' "inputs.y"
tamper "inertia claimed for a nonsymmetric M" "$tmp/c/gd.jacobian.json" 'd["results"]["inertia_witness"] = {"perm": [0, 1, 2], "L": [], "D": []}' "results.inertia_witness: M is not symmetric"
# printed: {} is nothing printed, in the prover and the checker alike
spec "$tmp/e.json" lsq-sec31-rlin.json 'd["printed"] = {}; d["id"] = "empty"'
run 0 "lsq: an empty printed object" "$RC" verify lsq --spec "$tmp/e.json" --cert-dir "$tmp/e"
run 0 "... and its certificate checks" "$RC" check "$tmp/e/empty.json"

# prover and checker agree on random specs (fixed seeds): every certificate
# verify writes checks with verify's verdict
mkdir -p "$tmp/rand"
GEN="$(cd "$SRC" && pwd)/tests/gen-user-lsq-matrix.py"
for seed in 1 2 3; do
  (cd "$tmp/rand" && rm -f ./*.json && /usr/bin/python3 "$GEN" $seed)
  agree=0 total=0 why=""
  for f in "$tmp"/rand/*.json; do
    id=$(basename "$f" .json)
    case $id in l*) cl=lsq ;; *) cl=matrix ;; esac
    "$RC" verify $cl --spec "$f" --cert-dir "$tmp/rc$seed" >/dev/null 2>&1; vrc=$?
    "$RC" check "$tmp/rc$seed/$id.json" >"$tmp/out" 2>&1; crc=$?
    total=$((total + 1))
    if [ $vrc -le 1 ] && [ $crc -eq $vrc ] && ! grep -q REJECTED "$tmp/out"; then agree=$((agree + 1)); else why="$why $id: verify $vrc, check $crc $(head -c 200 "$tmp/out");"; fi
  done
  tap_check "random specs, seed $seed: check agrees with verify on $agree of $total" $([ $agree -eq $total ] && [ $total -eq 24 ] && echo 0 || echo 1) "$why"
done
tap_done

#!/usr/bin/python3
"""A user's own claims (issue 11 §1): claim.identity, claim.inequality,
claim.rounding and the claims file, each statement tested where its naive
form is false:

- identity: equal rational functions verified; a pair that agrees at some
  points but not identically refuted (exit 1) with f - g shown and a witness
  point whose values Python recomputes; a pole inside the interval is named;
- inequality: true on part of the interval only (refuted, exit 1, witness
  point checked in Fractions, the exact maximal set printed), the same claim
  on the part where it holds verified; a strict inequality whose closed end is
  a root of f - g refuted at that root, its non-strict form verified; "=" true
  at isolated points only; a pole of f inside the interval;
- rounding: exact values against Python's exact rounding; a tie rounded both
  ways by mode; a value at rho = sqrt(5)/2; a wrong last digit refuted with
  the correct rounding shown;
- bad input: exit 2 and one line naming the file and the field, in a spec and
  in a claims file (claims[k].field), duplicate ids, limits;
- claims file: one certificate ID.json per claim, in certificates/ beside the file or in
  --cert-dir; each one's inputs are that claim's own spec object and it checks
  alone; exit 0 / 1 overall; --format tap and json;
- certificates: checked valid; tampered results, witnesses, inputs and hashes
  rejected.
Prints TAP; exit 1 on any failure."""
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction as Q

RC, SRC = sys.argv[1], sys.argv[2]
tests = []
tmp = tempfile.mkdtemp(prefix="t-user-claims-")


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def run(*args):
    p = subprocess.run([RC, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def write(name, doc):
    path = os.path.join(tmp, name)
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=1)
    return path


def rehash(doc):
    text = json.dumps(doc["inputs"], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["inputs_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    body = {k: v for k, v in doc.items() if k != "sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    return doc


def ev(expr, rho):
    """An expression in rho evaluated exactly (integers and rationals only)."""
    py = re.sub(r"(\d+)", r"Q(\1)", expr.replace("^", "**"))
    return eval(py, {"Q": Q, "rho": Q(rho)})


def verify(spec, *extra):
    return run("verify", "--spec", spec, *extra)


# ---- claim.identity -------------------------------------------------------------
ex = os.path.join(SRC, "examples")
rc, out, err = verify(os.path.join(ex, "user-identity.json"), "--cert-dir", tmp)
check("identity: examples/user-identity.json verified (exit 0)", rc == 0, out + err)
check("... the line reads like the paper", "ex31.gap: rho^2*(12*rho^2+82*rho+215)/(21*rho^2+156*rho+420) "
      "- 8*rho^2/15 = rho^2*(4*rho^2-6*rho-45)/(105*rho^2+780*rho+2100) (identically, as rational "
      "functions of rho)" in out, out)
check("... both defined on the interval", "both are defined on all of (0, sqrt(5)/2]" in out, out)
rc, out, err = run("check", os.path.join(tmp, "ex31.gap.json"))
check("identity: its certificate ex31.gap.json checks", rc == 0 and
      "valid, user claim ex31.gap (kind identity) verified" in out, out + err)

# agrees at rho = 2 only in the interval (and at -1 outside it)
bad_id = write("idbad.json", {"kind": "claim.identity", "id": "eq7", "f": "rho^2-1",
                              "g": "rho+1", "interval": "(0, 3)"})
rc, out, err = verify(bad_id, "--cert-dir", tmp)
check("identity: f = g at rho = 2 only is refuted (exit 1)", rc == 1, out + err)
check("... the difference is shown", "f - g = (rho-2)*(rho+1)" in out, out)
cert = json.load(open(os.path.join(tmp, "eq7.json")))
w = cert["results"]["witness"]
t = Q(w["at"])
check("... its witness point lies in (0, 3) and f != g there (Fractions)",
      0 < t < 3 and ev("rho^2-1", t) == Q(w["f"]) and ev("rho+1", t) == Q(w["g"])
      and Q(w["f"]) != Q(w["g"]), w)
rc, out, err = run("check", os.path.join(tmp, "eq7.json"))
check("... the refuted certificate is valid (exit 1, REFUTED)", rc == 1 and "REFUTED" in out, out + err)

pole = write("idpole.json", {"kind": "claim.identity", "id": "id.pole", "f": "1/rho + 1/(rho+1)",
                             "g": "(2*rho+1)/(rho^2+rho)", "interval": "[-2, 2]"})
rc, out, err = verify(pole, "--no-cert")
check("identity with poles in the interval: verified, the poles named", rc == 0 and
      "f or g has a pole in [-2, 2]: they are both defined exactly for rho in (-inf, -1) U (-1, 0) "
      "U (0, inf)" in out, out + err)

# ---- claim.inequality ------------------------------------------------------------
R2 = "rho^2*(12*rho^2+82*rho+215)/(21*rho^2+156*rho+420)"
rc, out, err = verify(os.path.join(ex, "user-inequality.json"), "--cert-dir", tmp)
check("inequality: true on part of (0, 5] only: refuted (exit 1)", rc == 1, out + err)
check("... the exact maximal set", "< 8*rho^2/15 exactly for rho in (0, (3+3*sqrt(21))/4)" in out, out)
cert = json.load(open(os.path.join(tmp, "ex31.beats-linear.json")))
w = cert["results"]["witness"]
t = Q(w["at"])
root = (3 + 3 * math.sqrt(21)) / 4
check("... witness in ((3+3 sqrt 21)/4, 5] where f >= g (Fractions)",
      float(t) > root and t <= 5 and ev(R2, t) >= ev("8*rho^2/15", t) and ev(R2, t) == Q(w["f"]), w)
rc, out, err = run("check", os.path.join(tmp, "ex31.beats-linear.json"))
check("... its certificate is valid and refuted", rc == 1 and "REFUTED" in out, out + err)
good = json.load(open(os.path.join(ex, "user-inequality.json")))
good["interval"] = "(0, sqrt(5)/2]"
rc, out, err = verify(write("ineq-good.json", good), "--cert-dir", tmp)
check("inequality: the same claim on (0, sqrt(5)/2] verified", rc == 0 and
      "for every rho in (0, sqrt(5)/2]" in out, out + err)
rc, out, err = run("check", os.path.join(tmp, "ex31.beats-linear.json"))
check("... and its certificate checks", rc == 0, out + err)

binding = {"kind": "claim.inequality", "id": "bind", "f": "rho^2", "op": "<", "g": "2",
           "interval": "(0, sqrt(2)]"}
rc, out, err = verify(write("bind.json", binding), "--cert-dir", tmp)
check("inequality: strict < up to a closed end where f = g: refuted at that root", rc == 1 and
      "at rho = sqrt(2), where f = g" in out, out + err)
rc, out, err = run("check", os.path.join(tmp, "bind.json"))
check("... the root witness checks", rc == 1 and "REFUTED" in out, out + err)
binding["op"] = "<="
rc, out, err = verify(write("bind2.json", binding), "--no-cert")
check("... and <= on the same interval is verified", rc == 0, out + err)
binding["interval"] = "(0, sqrt(2))"
binding["op"] = "<"
rc, out, err = verify(write("bind3.json", binding), "--no-cert")
check("... and < on the open interval is verified", rc == 0, out + err)

eq = {"kind": "claim.inequality", "id": "eq", "f": "rho^2", "op": "=", "g": "rho", "interval": "[0, 1]"}
rc, out, err = verify(write("eq.json", eq), "--cert-dir", tmp)
check("inequality '=': true at the ends only: refuted, the set is {0} U {1}", rc == 1 and
      "rho^2 = rho exactly for rho in {0} U {1}" in out, out + err)
rc, out, err = run("check", os.path.join(tmp, "eq.json"))
check("... its certificate checks", rc == 1 and "REFUTED" in out, out + err)

pl = {"kind": "claim.inequality", "id": "pl", "f": "1/(rho^2-2)", "op": ">", "g": "-10",
      "interval": "(0, 2)"}
rc, out, err = verify(write("pl.json", pl), "--cert-dir", tmp)
check("inequality: a pole of f in the interval refutes it, named", rc == 1 and
      "where f or g is undefined, at rho = sqrt(2)" in out, out + err)
rc, out, err = run("check", os.path.join(tmp, "pl.json"))
check("... the pole witness checks", rc == 1 and "REFUTED" in out, out + err)

# a pole of degree 3 (an algebraic witness beyond the square roots of interval ends)
cub = {"kind": "claim.inequality", "id": "cub", "f": "1/(rho^3-2)", "op": ">", "g": "-10",
       "interval": "(0, 2)"}
rc, out, err = verify(write("cub.json", cub), "--cert-dir", tmp)
rc2, out2, err2 = run("check", os.path.join(tmp, "cub.json"))
wpole = json.load(open(os.path.join(tmp, "cub.json")))["results"]["witness"].get("pole", {})
check("inequality: a pole at the cube root of 2: its cubic witness checks", rc == 1 and rc2 == 1 and
      "REFUTED" in out2 and wpole.get("poly") == ["-2", "0", "0", "1"], out + err + out2 + err2 + str(wpole))


# ---- claim.rounding -----------------------------------------------------------
def py_round(v, k, mode):
    """v rounded to k places (Fraction), half-up = ties away from zero."""
    x = v * 10 ** k
    n = math.floor(x)
    d = x - n
    if d > Q(1, 2) or (d == Q(1, 2) and ((mode == "half-up" and x > 0) or
                                          (mode == "half-even" and n % 2 == 1))):
        n += 1
    return n


def rounding(id_, value, printed, **kw):
    doc = {"kind": "claim.rounding", "id": id_, "value": value, "printed": printed, **kw}
    return verify(write(id_ + ".json", doc), "--cert-dir", tmp)


rc, out, err = verify(os.path.join(ex, "user-rounding.json"), "--cert-dir", tmp)
check("rounding: examples/user-rounding.json verified, not called a tie",
      rc == 0 and "(4 places, half-up)" in out and "a tie" not in out, out + err)
rc, out, err = rounding("r-wrong", "25/78", "0.3206")
check("rounding: 0.3206 for 25/78 refuted, the correct rounding shown", rc == 1 and
      "correct rounding is 0.3205" in out and "paper:    0.3206" in out, out + err)
for mode, printed, want in [("half-up", "0.13", 0), ("half-up", "0.12", 1), ("half-even", "0.12", 0),
                            ("half-even", "0.13", 1)]:
    rc, out, err = rounding("tie-" + mode + printed, "1/8", printed, mode=mode)
    ok = py_round(Q(1, 8), 2, mode) == int(Q(printed) * 100)
    check("rounding: the tie 1/8 printed %s, %s: %s" % (printed, mode, "verified" if want == 0 else "refuted"),
          rc == want and ok == (want == 0) and (want == 1 or "%s, a tie)" % mode in out), out + err)
for v, p in [("-1/8", "-0.13"), ("2/3", "0.667"), ("7/2", "4"), ("-1/3000", "-0.000")]:
    rc, out, err = rounding("r" + str(abs(hash(v + p)) % 1000), v, p)
    want = py_round(Q(v), len(p.split(".")[1]) if "." in p else 0, "half-up") == int(Q(p) * 10 ** (len(p.split(".")[1]) if "." in p else 0))
    check("rounding: %s printed %s (%s in Fractions)" % (v, p, want), (rc == 0) == want, out + err)
# at rho = sqrt(5)/2: v = r + s sqrt(5/4), digits from integer square roots
rc, out, err = rounding("r-sqrt", R2, "0.6479", rho="sqrt(5)/2")
cert = json.load(open(os.path.join(tmp, "r-sqrt.json")))
val = cert["results"]["value"]
r, s, q = Q(val["rational"]), Q(val["sqrt_coeff"]), Q(val["sqrt_of"])
check("rounding at rho = sqrt(5)/2: the value is r + s sqrt(5/4)", q == Q(5, 4) and s != 0, val)
# R2 at rho^2 = 5/4 from the even and odd parts, in Fractions
num_e, num_o = Q(5, 4) * (12 * Q(5, 4) + 215), Q(5, 4) * 82
den_e, den_o = 21 * Q(5, 4) + 420, Q(156)
dd = den_e ** 2 - den_o ** 2 * Q(5, 4)
check("... r and s as Fractions compute them", r == (num_e * den_e - num_o * den_o * Q(5, 4)) / dd and
      s == (num_o * den_e - num_e * den_o) / dd, (r, s))
def sign_quad(a, b, q):
    """sign of a + b sqrt(q), exactly"""
    sa, sb = (a > 0) - (a < 0), (b > 0) - (b < 0)
    if sb == 0 or sa == sb or sa == 0:
        return sa or sb
    c = a * a - b * b * q
    return sa if c > 0 else sb if c < 0 else 0


check("... 6478.5 <= 10^4 v < 6479.5 exactly: rounds to 0.6479",
      sign_quad(r * 10 ** 4 - Q(64785, 10), s * 10 ** 4, q) >= 0 and
      sign_quad(r * 10 ** 4 - Q(64795, 10), s * 10 ** 4, q) < 0 and rc == 0, out)
rc, out, err = rounding("r-sqrt2", R2, "0.6478", rho="sqrt(5)/2")
check("... 0.6478 refuted", rc == 1 and "correct rounding is 0.6479" in out, out + err)

# ---- bad input: exit 2, one line naming file and field ------------------------------
def bad(desc, doc, field, name="bad.json", claim=None):
    path = write(name, doc)
    args = ["verify"] + ([claim] if claim else []) + ["--spec", path, "--no-cert"]
    rc, out, err = run(*args)
    check("bad input: %s (exit 2, one line naming %s: field %s)" % (desc, name, field),
          rc == 2 and ("%s: field %s" % (name, field)) in err and err.count("\n") == 1, err)


ident = json.load(open(os.path.join(ex, "user-identity.json")))
ineq = json.load(open(os.path.join(ex, "user-inequality.json")))
rnd = json.load(open(os.path.join(ex, "user-rounding.json")))
bad("an unknown key", {**ident, "fo": "1"}, "fo")
bad("a misspelt key", {**ineq, "intervall": "(0, 1)"}, "intervall")
bad("an op that is not one of < <= > >= =", {**ineq, "op": "=<"}, "op")
bad("an id with a space", {**ident, "id": "eq 7"}, "id")
bad("an id too long", {**ident, "id": "x" * 65}, "id")
bad("a missing id", {k: v for k, v in ident.items() if k != "id"}, "id")
bad("a degree beyond the limit", {**ident, "f": "rho^40"}, "f")
bad("an interval end sqrt of a negative number", {**ineq, "interval": "(0, sqrt(-1)]"}, "interval")
bad("a one-point interval", {**ineq, "interval": "[1, 1]"}, "interval")
bad("a closed domain", {**ineq, "domain": "[0, 10)"}, "domain")
bad("an interval outside the domain", {**ineq, "domain": "(1, inf)"}, "interval")
bad("a printed value that is not a plain decimal", {**rnd, "printed": "+0.3205"}, "printed")
bad("a printed decimal beyond the places limit", {**rnd, "printed": "0." + "1" * 1001}, "printed")
bad("an unknown rounding mode", {**rnd, "mode": "bankers"}, "mode")
bad("a value in rho without rho", {**rnd, "value": "rho/3"}, "rho")
bad("a value with a pole at rho", {**rnd, "value": "1/(rho-2)", "rho": "2"}, "value")
bad("an expression that does not parse", {**ident, "g": "rho+*2"}, "g")
rc, out, err = run("verify", "identity")
check("verify identity without a spec: exit 2, says a spec is needed", rc == 2 and "needs a spec" in err, err)

claims = json.load(open(os.path.join(ex, "my-paper", "claims.json")))
two = [claims["claims"][0], dict(claims["claims"][1], id=claims["claims"][0]["id"])]
bad("claims file: a duplicate id", {**claims, "claims": two}, r"claims[1].id", "dup.json")
bad("claims file: an entry of no user claim kind",
    {**claims, "claims": [{"kind": "yun19.sec31", "id": "a"}]}, "claims[0].kind", "kind.json")
bad("claims file: an unknown key in an entry",
    {**claims, "claims": [claims["claims"][0], {**claims["claims"][1], "fo": 1}]}, "claims[1].fo",
    "entry.json")
bad("claims file: a bad op in an entry",
    {**claims, "claims": [{**claims["claims"][1], "op": "<<"}]}, "claims[0].op", "entryop.json")
bad("claims file: a top-level unknown key", {**claims, "papr": "x"}, "papr", "top.json")
bad("claims file: no claims", {**claims, "claims": []}, "claims", "empty.json")

# ---- the claims file --------------------------------------------------------------
d = os.path.join(tmp, "paper")
os.makedirs(d)
shutil.copy(os.path.join(ex, "my-paper", "claims.json"), d)
rc, out, err = verify(os.path.join(d, "claims.json"))
ids = [c["id"] for c in claims["claims"]]
check("claims file: examples/my-paper/claims.json verified (exit 0)", rc == 0, out + err)
cd = os.path.join(d, "certificates")
check("... one certificate ID.json per claim, in certificates/ beside the file",
      os.path.isdir(cd) and sorted(os.listdir(cd)) == sorted(i + ".json" for i in ids),
      os.listdir(d))
n = len(ids)
check("... a result per claim and the summary line", all(("user claim %s (kind" % i) in out for i in ids)
      and "%d claims: %d verified, 0 refuted, 0 undecided" % (n, n) in out, out)
alone = os.path.join(tmp, "alone")
os.makedirs(alone)
for i, entry in zip(ids, claims["claims"]):
    c = json.load(open(os.path.join(cd, i + ".json")))
    if entry["kind"] in ("claim.identity", "claim.inequality", "claim.rounding"):
        check("... %s.json: its inputs are the claim's own spec object" % i, c["inputs"] == entry)
    shutil.copy(os.path.join(cd, i + ".json"), alone)
    rc, out, err = run("check", os.path.join(alone, i + ".json"))
    check("... %s.json checks alone" % i, rc == 0 and ("user claim %s (kind" % i) in out, out + err)
rc, out, err = verify(os.path.join(d, "claims.json"), "--cert-dir", os.path.join(tmp, "cd"))
check("claims file: --cert-dir puts the certificates there",
      rc == 0 and sorted(os.listdir(os.path.join(tmp, "cd"))) == sorted(i + ".json" for i in ids), err)
mixed = {**claims, "claims": claims["claims"] + [dict(rnd, id="wrong", printed="0.3206")]}
rc, out, err = verify(write("mixed.json", mixed), "--no-cert")
check("claims file with one wrong printed value: exit 1, the difference visible", rc == 1 and
      "%d claims: %d verified, 1 refuted" % (n + 1, n) in out and "correct rounding is 0.3205" in out, out + err)
rc, out, err = verify(os.path.join(d, "claims.json"), "--no-cert", "--format", "tap")
lines = out.splitlines()
n_tests = sum(1 for l in lines if re.match(r"(not )?ok \d+ ", l))
check("claims file --format tap: the plan first, matching the tests, one or more per claim",
      rc == 0 and lines and lines[0] == "1..%d" % n_tests and n_tests >= n, out)
check("... a TAP line per claim names it", all(any(("user claim %s (kind" % i) in l for l in lines) for i in ids), out)
rc, out, err = verify(os.path.join(d, "claims.json"), "--no-cert", "--format", "json")
doc = json.loads(out) if rc == 0 else {}
check("claims file --format json: one document, a verdict per claim",
      [c.get("user_claim", "").split(" ")[2] for c in doc.get("claims", [])] == ids and
      all(c["verdict"] == "verified" for c in doc["claims"]), out[:400])

# ---- prover and checker agree on random claims (fixed seed) ---------------------
def random_claims(seed, n):
    import random
    rnd = random.Random(seed)

    def poly(dmax=3):
        return "+".join("(%d/%d)*rho^%d" % (rnd.randint(-9, 9), rnd.randint(1, 5), k)
                        for k in range(rnd.randint(0, dmax) + 1))

    def expr():
        return poly() if rnd.random() < 0.5 else "(%s)/(%s)" % (poly(), poly())
    ends = [("0", 0), ("1", 1), ("-2", -2), ("1/3", 1 / 3), ("sqrt(2)", 2 ** .5), ("sqrt(5)/2", 1.118),
            ("3*sqrt(3)/2", 2.598), ("-inf", -1e9), ("inf", 1e9), ("7/5", 1.4)]

    def interval():
        while True:
            (a, va), (b, vb) = rnd.sample(ends, 2)
            if va < vb:
                return "%s%s, %s%s" % ("(" if a == "-inf" else rnd.choice("(["), a, b,
                                       ")" if b == "inf" else rnd.choice(")]"))
    for i in range(n):
        k = rnd.choice(["identity", "inequality", "rounding"])
        if k == "identity":
            f = expr()
            e = {"kind": "claim.identity", "f": f, "g": rnd.choice([f + "+0", expr(), "(%s)*(rho+1)/(rho+1)" % f])}
            if rnd.random() < 0.7:
                e["interval"] = interval()
        elif k == "inequality":
            e = {"kind": "claim.inequality", "f": expr(), "op": rnd.choice(["<", "<=", ">", ">=", "="]),
                 "g": rnd.choice([expr(), "0"]), "interval": interval()}
        else:
            e = {"kind": "claim.rounding", "value": rnd.choice([expr(), "sqrt(%s)" % poly(2), "%d/8" % rnd.randint(-99, 99)]),
                 "rho": rnd.choice(["1/3", "2", "sqrt(2)", "sqrt(5)/2"]),
                 "printed": "%.*f" % (rnd.randint(0, 4), rnd.uniform(-3, 3)), "mode": rnd.choice(["half-up", "half-even"])}
        e["id"] = "rand%d" % i
        yield e


agree, answered = 0, 0
for e in random_claims(11, 45):
    path = write("rand.json", e)
    rc, out, err = verify(path, "--cert-dir", tmp)
    if rc == 2:
        ok = err.count("\n") == 1 and "rand.json: field " in err
    else:
        answered += 1
        rc2, out2, err2 = run("check", os.path.join(tmp, e["id"] + ".json"))
        ok = rc2 == rc
    agree += ok
    if not ok:
        check("random claim %s: prover and checker agree" % e["id"], False, json.dumps(e) + out + err)
check("45 random claims: prover and checker agree on every one (%d decided), input errors name a field"
      % answered, agree == 45 and answered >= 30)

# ---- tampered certificates ---------------------------------------------------------
def tamper(desc, name, change, fresh=True):
    c = json.load(open(os.path.join(tmp, name)))
    change(c)
    if fresh:
        rehash(c)
    path = os.path.join(tmp, "tampered.json")
    with open(path, "w") as fh:
        json.dump(c, fh, indent=2, sort_keys=True)
    rc, out, err = run("check", path)
    check("tampered: %s: rejected" % desc, rc == 1 and "REJECTED" in err, out + err)


rc, out, err = verify(os.path.join(ex, "user-inequality.json"), "--cert-dir", tmp)
kept = json.load(open(os.path.join(tmp, "ex31.beats-linear.json")))
check("a refuted run never overwrites the verified certificate: it goes beside it",
      kept["verdict"] == "verified" and "ex31.beats-linear.refuted.json" in err and
      json.load(open(os.path.join(tmp, "ex31.beats-linear.refuted.json")))["verdict"] == "refuted", err)
tamper("inequality 'holds' flipped", "ex31.beats-linear.refuted.json",
       lambda c: c["results"].__setitem__("holds", True))
tamper("inequality witness moved where it holds", "ex31.beats-linear.refuted.json",
       lambda c: c["results"]["witness"].update({"at": "1", "f": "309/597", "g": "8/15"}))
tamper("inequality witness moved outside the interval", "ex31.beats-linear.refuted.json",
       lambda c: c["results"]["witness"].update({"at": "6", "f": str(ev(R2, 6)), "g": "96/5"}))
tamper("inequality interval widened in the inputs", "ex31.beats-linear.refuted.json",
       lambda c: c["inputs"].__setitem__("interval", "(0, 6]"))
tamper("inequality sign table: a sample's sign flipped", "ex31.beats-linear.refuted.json",
       lambda c: c["results"]["compared"]["sign_table"]["samples"][0].__setitem__(
           "sign", -c["results"]["compared"]["sign_table"]["samples"][0]["sign"]))
tamper("identity difference changed", "eq7.json",
       lambda c: c["results"]["difference"]["num"].__setitem__(0, "-3"))
tamper("identity witness at a point where f = g", "eq7.json",
       lambda c: c["results"]["witness"].update({"at": "2", "f": "3", "g": "3"}))
tamper("identity witness outside the interval", "eq7.json",
       lambda c: c["results"]["witness"].update({"at": "4", "f": "15", "g": "5"}))
tamper("identity g changed in the inputs", "ex31.gap.json",
       lambda c: c["inputs"].__setitem__("g", "rho^2*(4*rho^2-6*rho-44)/(105*rho^2+780*rho+2100)"))
tamper("rounding: the printed value changed in the inputs", "ex32.err-X.json",
       lambda c: c["inputs"].__setitem__("printed", "0.3206"))
tamper("rounding: the correct rounding changed", "ex32.err-X.json",
       lambda c: c["results"].__setitem__("correct", "0.3206"))
tamper("rounding: the mode changed", "ex32.err-X.json",
       lambda c: c["inputs"].__setitem__("mode", "half-even"))
tamper("rounding: an id with a space", "ex32.err-X.json", lambda c: c["inputs"].__setitem__("id", "a b"))
tamper("a result changed, the hash left stale", "ex32.err-X.json",
       lambda c: c["results"].__setitem__("places", 5), fresh=False)


# ---- the checker refuses certificates beyond the limits (exit 2, naming the field) ----
def beyond(desc, name, change, field):
    c = json.load(open(os.path.join(tmp, name)))
    change(c)
    path = os.path.join(tmp, "beyond.json")
    with open(path, "w") as fh:
        json.dump(rehash(c), fh)
    rc, out, err = run("check", path)
    check("check: %s: exit 2, beyond the limits, naming %s" % (desc, field),
          rc == 2 and "beyond the limits (docs/limits.md): " + field in err and err.count("\n") == 1, err)


beyond("an expression of degree 40", "ex31.gap.json", lambda c: c["inputs"].__setitem__("f", "rho^40"),
       "inputs.f")
beyond("a printed decimal of 1001 places", "ex32.err-X.json",
       lambda c: c["inputs"].__setitem__("printed", "0." + "3" * 1001), "inputs.printed")
beyond("an interval end of 41 digits", "ex31.beats-linear.json",
       lambda c: c["inputs"].__setitem__("interval", "(0, 1%s]" % ("0" * 40)), "inputs.interval")

shutil.rmtree(tmp)
failed = 0
for i, (desc, ok, diag) in enumerate(tests, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, desc))
    if not ok:
        failed += 1
        for line in str(diag).splitlines()[:12]:
            print("# " + line)
print("1..%d" % len(tests))
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""li18.thm1 (issue 10): Theorem 1 / Lemma 2 built from chained Lemma 1 units.
Checks the certificate's network independently in Python Fractions (each
x_i through every unit, one sample at a time), the two readings on data
where each naive remark is false, the checker's acceptance and its
rejection of tampered certificates, and bad specs."""
import json, math, os, subprocess, sys, tempfile
from fractions import Fraction as F

RC, SRC = sys.argv[1], sys.argv[2]
DATA = os.path.join(SRC, "src/claims/data/li18-thm1.json")
n_t = 0
fails = 0


def ok(cond, what, extra=""):
    global n_t, fails
    n_t += 1
    print(("ok" if cond else "not ok"), n_t, "-", what)
    if not cond:
        fails += 1
        if extra:
            print("#", str(extra)[:2000].replace("\n", "\n# "))


def run(*args):
    p = subprocess.run([RC, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


tmp = tempfile.mkdtemp()
import atexit, shutil
atexit.register(shutil.rmtree, tmp, True)


def spec_file(d, name):
    path = os.path.join(tmp, name)
    json.dump(d, open(path, "w"))
    return path


def verify(d, name):
    path = spec_file(d, name)
    cd = os.path.join(tmp, "c-" + name)
    rc, out, err = run("verify", "li18.thm1", "--spec", path, "--cert-dir", cd)
    cert, cp = None, None
    files = os.listdir(cd) if os.path.isdir(cd) else []
    if len(files) == 1:
        cp = os.path.join(cd, files[0])
        cert = json.load(open(cp))
    return rc, out, err, cert, cp


def q(s):
    return F(s)


def forward(x, units, X):
    """runs one sample through the chain; the units' p and q come from the
    whole training matrix (they are weights), so the matrix is carried along"""
    A = [list(c) for c in X]
    v = list(x)
    for u in units:
        c = u["column"] - 1
        to = [q(t) for t in u["to"]]
        p = A[c][:]
        qq = min((1 - sum(a * b for a, b in zip(p, A[j])) for j in range(len(A)) if j != c), default=F(1))
        assert qq > 0
        # W1 = [p^T; 0], b = (q - 1) 1, W2 = [(to - p)/q, 0]
        def unit(z):
            h = max(sum(a * b for a, b in zip(p, z)) + qq - 1, F(0))
            return [zi + h * (ti - pi) / qq for zi, ti, pi in zip(z, to, p)]
        v = unit(v)
        A = [unit(a) for a in A]
    return v


def norm4_max(units, X):
    A = [list(c) for c in X]
    best = F(0)
    for u in units:
        c = u["column"] - 1
        to = [q(t) for t in u["to"]]
        p = A[c][:]
        qq = min((1 - sum(a * b for a, b in zip(p, A[j])) for j in range(len(A)) if j != c), default=F(1))
        d2 = sum((a - b) ** 2 for a, b in zip(p, to))
        best = max(best, d2 / qq / qq)
        def unit(z):
            h = max(sum(a * b for a, b in zip(p, z)) + qq - 1, F(0))
            return [zi + h * (ti - pi) / qq for zi, ti, pi in zip(z, to, p)]
        A = [unit(a) for a in A]
    return best


base = json.load(open(DATA))

# 1. the built-in instances: verified, the checker accepts
rc, out, err, cert, cpath = verify(base, "builtin.json")
ok(rc == 0, "verify li18.thm1 on the built-in instances exits 0", out + err)
rc2, out2, err2 = run("check", cpath)
ok(rc2 == 0 and "valid" in out2, "check accepts the certificate", out2 + err2)
ok("on rescheck's built-in instances" in run("verify", "li18.thm1", "--no-cert")[1],
   "the output names rescheck's built-in instances")

# 2. the network, independently: every x_i goes to e_{label} (Fractions)
for inst, res in zip(cert["inputs"]["instances"], cert["results"]["instances"]):
    X = [[q(t) for t in c] for c in inst["X"]]
    d = len(X[0])
    Y = [[F(int(r == lab - 1)) for r in range(d)] for lab in inst["labels"]]
    for dep in res["depths"]:
        units = dep["units"]
        good = all(forward(X[i], units, X) == Y[i] for i in range(len(X)))
        ok(good, f"{inst['name']}, n = {dep['n']}: every x_i maps to y_i (Python Fractions, sample by sample)")
        ok(norm4_max(units, X) == q(dep["max_norm4"]), f"{inst['name']}, n = {dep['n']}: max |W|_F^4 = {dep['max_norm4']} recomputed")
        ok(len(units) <= dep["n"], f"{inst['name']}, n = {dep['n']}: {len(units)} units <= n")

# 3. Assumption 2 computed: 0 on the one-hot data (two repeated labels), 2/7 on 'distinct'
r = {x["name"]: x for x in cert["results"]["instances"]}
a = r["one-hot"]["assumption2"]
ok(a["holds"] is False and a["rho2"] == "0" and a["repeated_labels"] == 2,
   "one-hot (m = 5 > d_y = 3): rho = 0 from 2 repeated labels", a)
# independent rho^2 of 'distinct'
inst = [x for x in cert["inputs"]["instances"] if x["name"] == "distinct"][0]
X = [[q(t) for t in c] for c in inst["X"]]
Y = [[F(int(k == lab - 1)) for k in range(3)] for lab in inst["labels"]]
pts = X + Y
rho2 = min(sum((a - b) ** 2 for a, b in zip(pts[i], pts[j])) for i in range(6) for j in range(i + 1, 6))
ok(r["distinct"]["assumption2"]["holds"] is True and q(r["distinct"]["assumption2"]["rho2"]) == rho2,
   f"distinct: Assumption 2 holds, rho^2 = {rho2} recomputed", r["distinct"]["assumption2"])
ok("Assumption 2 holds on these data" in out and "Assumption 2 fails on these data" in out,
   "the report says 'holds' for one instance and 'fails' for the other")

# (6) on 'distinct': P/S = (m + 1/rho)^(1 - 1/2), the construction's constant C = B/S
rho = math.sqrt(rho2)
for dep in r["distinct"]["depths"]:
    ps = float(dep["printed_over_sqrt_form"].split()[0].strip("["))
    ok(abs(ps - math.sqrt(3 + 1 / rho)) < 1e-12, f"distinct, n = {dep['n']}: printed/sqrt form = sqrt(m + 1/rho) = {ps}")
    ok(dep["bound6_reading"] == "loose but not false", f"distinct, n = {dep['n']}: (6) loose but not false")
    k = dep["steps_per_column"]
    B = math.sqrt(8 * (rho * 2 / 2 + 1) * math.pi / k) / rho
    ok(abs(float(dep["lemma2_norm"].split()[0].strip("[")) - B) < 1e-9, f"distinct, n = {dep['n']}: Lemma 2's norm {B:.6f}")
# O(1/sqrt n) on 'distinct': sqrt(n) max|W| stays within 10% across n = 6, 12, 24
vals = [float(dep["sqrt_n_max_norm"].split()[0].strip("[")) for dep in r["distinct"]["depths"]]
ok(max(vals) / min(vals) < 1.1, f"distinct: sqrt(n) max|W|_F is about constant: {vals}")
# one-hot: max |W|_F >= 1 at every depth (merging), so no 'loose but not false'
for name in ("one-hot", "one-hot, rho over distinct points"):
    for dep in r[name]["depths"]:
        ok(q(dep["max_norm4"]) >= 1 and dep.get("merge_norm_at_least_1") is True,
           f"{name}, n = {dep['n']}: max|W|_F >= 1 with repeated labels")
        ok(dep["bound6_reading"] != "loose but not false", f"{name}, n = {dep['n']}: (6) not called loose ({dep['bound6_reading']})")
ok(all(d["bound6_reading"] == "vacuous: rho = 0" for d in r["one-hot"]["depths"]),
   "one-hot with rho as printed: (6) vacuous")

# 4. where the naive remarks are false
# (i) m > d_y is what forces rho = 0: m = 4 in d_y = 4 classes, distinct labels, d = 4
d4 = {"kind": "li18.thm1", "description": "t", "printed": {"bound6_power": "1"},
      "instances": [{"name": "m4dy4", "X": [["1/2", "1/2", "1/2", "1/2"], ["1/2", "-1/2", "1/2", "-1/2"],
                                             ["-1/2", "1/2", "1/2", "-1/2"], ["2/3", "2/3", "0", "-1/3"]],
                     "labels": [1, 2, 3, 4], "d_y": 4, "steps_per_column": [2, 4], "rho_for_bound": "printed"}]}
rc, o4, e4, c4, p4 = verify(d4, "m4dy4.json")
ok(rc == 0 and c4["results"]["instances"][0]["assumption2"]["holds"] is True,
   "m = 4 > 3 but d_y = 4, distinct labels: Assumption 2 holds (the naive 'cannot hold for m > 3' is false)", o4 + e4)
ok("m = 4 > d_y" not in o4, "no pigeonhole sentence when m <= d_y")
ok(run("check", p4)[0] == 0, "check accepts the m = 4, d_y = 4 certificate")
d5 = json.loads(json.dumps(d4))
d5["instances"][0]["d_y"] = 3
d5["instances"][0]["labels"] = [1, 2, 3, 1]
rc, o5, e5, c5, _ = verify(d5, "m4dy3.json")
ok(c5 and c5["results"]["instances"][0]["assumption2"]["holds"] is False and "m = 4 > d_y = 3" in o5,
   "the same xs with d_y = 3: rho = 0 and the pigeonhole sentence", o5 + e5)
# (ii) a printed power below 1/2: the printed form falls below the construction's rate
d6 = json.loads(json.dumps(base))
d6["printed"]["bound6_power"] = "1/4"
d6["instances"] = [x for x in d6["instances"] if x["name"] == "distinct"]
rc, o6, e6, c6, p6 = verify(d6, "pow14.json")
ok(c6 and all(dd["bound6_reading"] == "below the construction's rate" for dd in c6["results"]["instances"][0]["depths"]),
   "power 1/4: 'below the construction's rate'", o6 + e6)
ok("loose but not false" not in o6.replace("not called loose but not false", ""),
   "power 1/4: never 'loose but not false'", o6)
ok(run("check", p6)[0] == 0, "check accepts the power-1/4 certificate")

# 5. tampering
def tampered(fn, what):
    c = json.load(open(cpath))
    fn(c)
    path = os.path.join(tmp, "tamper.json")
    json.dump(c, open(path, "w"))
    rc, out, err = run("check", path)
    ok(rc != 0, "check rejects " + what, out + err)

def move_unit(c):
    u = c["results"]["instances"][2]["depths"][0]["units"][0]
    u["to"] = ["0", "0", "1"] if u["to"] != ["0", "0", "1"] else ["1", "0", "0"]
tampered(move_unit, "a unit's target changed")
tampered(lambda c: c["results"]["instances"][2]["depths"][0].__setitem__("bound6_reading", "loose but not false!"), "a changed reading")
tampered(lambda c: c["results"]["instances"][0]["assumption2"].__setitem__("holds", True), "Assumption 2 said to hold")
tampered(lambda c: c["results"]["instances"][2]["depths"][0]["units"].pop(), "a unit removed")
tampered(lambda c: c["inputs"]["instances"][2]["labels"].__setitem__(0, 2), "a label changed")

# 6. bad specs: exit 2 naming the field
for what, fn, field in [
        ("label out of range", lambda d: d["instances"][0]["labels"].__setitem__(0, 4), "labels[0]"),
        ("d_y above d_x", lambda d: d["instances"][0].__setitem__("d_y", 5), "d_y"),
        ("d_x = 2", lambda d: d["instances"][0].__setitem__("X", [c[:2] for c in d["instances"][0]["X"]]), "X"),
        ("unknown rho reading", lambda d: d["instances"][0].__setitem__("rho_for_bound", "min"), "rho_for_bound"),
        ("0 steps", lambda d: d["instances"][0].__setitem__("steps_per_column", [0]), "steps_per_column"),
        ("an extra key", lambda d: d["instances"][0].__setitem__("rhoo", 1), "rhoo")]:
    d = json.loads(json.dumps(base))
    fn(d)
    rc, out, err = run("verify", "li18.thm1", "--spec", spec_file(d, "bad.json"), "--no-cert")
    ok(rc == 2 and field in err and len(err.strip().splitlines()) == 1, f"bad spec ({what}): exit 2 naming {field}", err)

# a non-unit x is refuted
d = json.loads(json.dumps(base))
d["instances"] = [d["instances"][2]]
d["instances"][0]["X"][0] = ["1", "1", "0"]
rc, out, err = run("verify", "li18.thm1", "--spec", spec_file(d, "nonunit.json"), "--no-cert")
ok(rc == 1, "a non-unit x_1 is refuted", out + err)

print(f"1..{n_t}")
sys.exit(1 if fails else 0)

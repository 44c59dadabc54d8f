#!/usr/bin/python3
"""Cross-checks 'rescheck landscape --format json' against an independent
computation in Python fractions, on seeded random small yun19.resnet instances
(relu, identity and relu-net blocks, tunable W, Huber) rescheck has never seen.

The independent method: with the ReLU pattern (and Huber's piece) of the data
frozen at theta, the network is multi-affine in each scalar parameter, so
R(theta + s e_a + t e_b) is a polynomial of degree <= 2 in s and in t. Its
exact values on the grid {-1, 0, 1}^2 give the gradient and the Hessian entry
by interpolation (the st coefficient); one more point, (2, 2), confirms the
degree bound. The inertia comes from the characteristic polynomial
(interpolated from fraction-free determinants) by Descartes' rule of signs,
exact for symmetric matrices.

Then the statements, on data where their naive forms are false: a
non-critical point is never classified, a degenerate point (n0 > 0, n- = 0)
is never called a minimum, a zero pre-activation stops the analysis, failed
coverage conditions are reported as such. Prints TAP."""
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

RC = sys.argv[1]
rng = random.Random(20261201)
tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def fs(x):
    return str(Fraction(x))


# ---- the network, read from the canonical spec the tool echoes -------------

def mat(a):
    return [[Fraction(v) for v in row] for row in a]


def layout(spec):
    """[(name, rows, cols)] in the documented parameter order."""
    d = len(spec["X"][0])
    out = [("w", d, 1)]
    for l, b in enumerate(spec["blocks"], 1):
        out.append((f"V{l}", len(b["V"]), len(b["V"][0])))
        if "U" in b:
            out.append((f"U{l}", len(b["U"]), d))
        if b["phi"] == "relu-net":
            out.append((f"A{l}", len(b["A"]), len(b["A"][0])))
            out.append((f"a{l}", len(b["a"]), 1))
        if "W" in b:
            out.append((f"W{l}", d, d))
    return out


def theta_of(spec):
    vals = [Fraction(v) for v in spec["w"]]
    for b in spec["blocks"]:
        for key in ("V", "U", "A", "a", "W"):
            if key in b:
                m = b[key]
                vals += [Fraction(v) for row in m for v in (row if isinstance(row, list) else [row])]
    return vals


def unpack(spec, th):
    mats, k = {}, 0
    for name, r, c in layout(spec):
        mats[name] = [th[k + i * c:k + (i + 1) * c] for i in range(r)]
        k += r * c
    return mats


def matvec(M, v):
    return [sum(a * b for a, b in zip(row, v)) for row in M]


def forward(spec, th, x, pattern=None, record=None):
    """f(x); ReLU units follow pattern (a list consumed in order) when given,
    else their sign at this point, appended to record with the argument."""
    P = unpack(spec, th)
    h = list(x)
    it = iter(pattern) if pattern is not None else None
    for l, b in enumerate(spec["blocks"], 1):
        t = matvec(P[f"U{l}"], h) if f"U{l}" in P else list(h)
        if b["phi"] == "relu-net":
            t = [z + a[0] for z, a in zip(matvec(P[f"A{l}"], t), P[f"a{l}"])]
        if b["phi"] != "identity":
            g = []
            for z in t:
                on = next(it) if it is not None else z > 0
                if record is not None:
                    record.append((z, z > 0))
                g.append(z if on else 0)
            t = g
        skip = matvec(P[f"W{l}"], h) if f"W{l}" in P else h
        h = [s + v for s, v in zip(skip, matvec(P[f"V{l}"], t))]
    return sum(wi[0] * hi for wi, hi in zip(P["w"], h)), h


def loss(spec, r, piece=None):
    """l(r) and the piece used (0 quadratic, +-1 linear); piece frozen if given."""
    if spec.get("loss", "squared") == "squared":
        return r * r, 0
    d = Fraction(spec["delta"])
    p = piece if piece is not None else (0 if abs(r) <= d else (1 if r > 0 else -1))
    return (r * r / 2, 0) if p == 0 else (d * p * r - d * d / 2, p)


class Frozen:
    """R with the ReLU pattern and Huber pieces of theta held fixed."""

    def __init__(self, spec):
        self.spec, self.th = spec, theta_of(spec)
        self.X, self.y = mat(spec["X"]), [Fraction(v) for v in spec["y"]]
        self.pat, self.piece, self.pre = [], [], []
        for x, y in zip(self.X, self.y):
            rec = []
            f, _ = forward(spec, self.th, x, record=rec)
            self.pre.append([z for z, _ in rec])
            self.pat.append([on for _, on in rec])
            self.piece.append(loss(spec, f - y)[1])
            self.kink = getattr(self, "kink", False) or (
                spec.get("loss") == "huber" and abs(f - y) == Fraction(spec["delta"]))

    def risk(self, th):
        tot = Fraction(0)
        for x, y, pat, pc in zip(self.X, self.y, self.pat, self.piece):
            f, _ = forward(self.spec, th, x, pattern=pat)
            tot += loss(self.spec, f - y, pc)[0]
        return tot / len(self.X)

    def moved(self, a, s, b=None, t=0):
        th = list(self.th)
        th[a] += s
        if b is not None:
            th[b] += t
        return self.risk(th)


def derivatives(fr):
    """gradient and Hessian by exact interpolation; ok = every degree check held"""
    P, ok = len(fr.th), True
    g = [Fraction(0)] * P
    H = [[Fraction(0)] * P for _ in range(P)]
    r0 = fr.risk(fr.th)
    for a in range(P):
        rm, rp, r2 = fr.moved(a, -1), fr.moved(a, 1), fr.moved(a, 2)
        g[a] = (rp - rm) / 2
        H[a][a] = rp - 2 * r0 + rm
        ok &= r0 + 2 * g[a] + 2 * H[a][a] == r2  # quadratic in s
        for b in range(a + 1, P):
            # the st coefficient of a biquadratic: its four corners suffice
            v = {(s, t): fr.moved(a, s, b, t) for s in (-1, 1) for t in (-1, 1)}
            H[a][b] = H[b][a] = (v[1, 1] - v[1, -1] - v[-1, 1] + v[-1, -1]) / 4
            if b == a + 1:  # the degree bound, on one pair per row: the whole grid
                v.update({(s, t): fr.moved(a, s, b, t) for s in (-1, 0, 1) for t in (-1, 0, 1)
                          if 0 in (s, t)})
                ok &= predict(v, 2, 2) == fr.moved(a, 2, b, 2)
    return g, H, ok


def predict(v, s, t):
    """the biquadratic through the 3 x 3 grid v at (s, t) (Lagrange)"""
    def ell(k, z):
        nodes = [n for n in (-1, 0, 1) if n != k]
        out = Fraction(1)
        for n in nodes:
            out *= Fraction(z - n, k - n)
        return out
    return sum(v[i, j] * ell(i, s) * ell(j, t) for i in (-1, 0, 1) for j in (-1, 0, 1))


def bareiss_det(M):
    """det of an integer matrix, fraction-free elimination"""
    M = [row[:] for row in M]
    n, sign, prev = len(M), 1, 1
    for k in range(n - 1):
        if M[k][k] == 0:
            r = next((r for r in range(k + 1, n) if M[r][k] != 0), None)
            if r is None:
                return 0
            M[k], M[r], sign = M[r], M[k], -sign
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                M[i][j] = (M[i][j] * M[k][k] - M[i][k] * M[k][j]) // prev
        prev = M[k][k]
    return sign * M[-1][-1] if n else 1


def inertia(H):
    """(n-, n0, n+) from det(xI - cH) (c > 0 clears the denominators), the
    polynomial interpolated from its values at x = 0..n, and Descartes' rule
    of signs (exact: a symmetric matrix has only real eigenvalues)"""
    n = len(H)
    c = 1
    for row in H:
        for v in row:
            c = c * v.denominator // math.gcd(c, v.denominator)
    A = [[int(v * c) for v in row] for row in H]
    xs = list(range(n + 1))
    ys = [Fraction(bareiss_det([[(x if i == j else 0) - A[i][j] for j in range(n)]
                                 for i in range(n)])) for x in xs]
    # Newton's divided differences, then the coefficients (constant term first)
    dd = ys[:]
    for k in range(1, n + 1):
        for i in range(n, k - 1, -1):
            dd[i] = (dd[i] - dd[i - 1]) / (xs[i] - xs[i - k])
    coef = [Fraction(0)] * (n + 1)
    for k in range(n, -1, -1):  # coef = coef * (x - xs[k]) + dd[k]
        coef = [(coef[i - 1] if i else 0) - xs[k] * coef[i] for i in range(n + 1)]
        coef[0] += dd[k]
    zero = next(k for k, v in enumerate(coef) if v != 0)

    def changes(seq):
        s = [v for v in seq if v != 0]
        return sum(1 for p, q in zip(s, s[1:]) if (p > 0) != (q > 0))
    pos = changes(coef)
    neg = changes([v * (-1) ** k for k, v in enumerate(coef)])
    return neg, zero, pos


# ---- random instances --------------------------------------------------------

def rq(lo=-3, hi=3, dens=(1, 2, 3)):
    return Fraction(rng.randint(lo * 2, hi * 2), rng.choice(dens))


def rmat(r, c):
    return [[fs(rq()) for _ in range(c)] for _ in range(r)]


def random_spec(kinds, huber=False, W=False):
    d, n = rng.randint(1, 3), rng.randint(3, 5)
    blocks = []
    for l, phi in enumerate(kinds):
        m = rng.randint(1, 2) if l > 0 else d
        b = {"phi": phi}
        if l > 0:
            b["U"] = rmat(m, d)
        if phi == "relu-net":
            k = rng.randint(1, 2)
            b["A"], b["a"], b["V"] = rmat(k, m), [fs(rq()) for _ in range(k)], rmat(d, k)
        else:
            b["V"] = rmat(d, m)
        if W and l == len(kinds) - 1:
            b["W"] = rmat(d, d)
        blocks.append(b)
    spec = {"kind": "yun19.resnet", "X": rmat(n, d), "y": [fs(rq()) for _ in range(n)],
            "blocks": blocks, "w": [fs(rq()) for _ in range(d)]}
    if huber:
        spec["loss"], spec["delta"] = "huber", fs(Fraction(rng.randint(1, 6), 2))
    return spec


def landscape(spec, *extra):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "net.json")
        json.dump(spec, open(p, "w"))
        js = subprocess.run([RC, "landscape", "--spec", p, "--format", "json", *extra],
                            capture_output=True, text=True)
        tx = subprocess.run([RC, "landscape", "--spec", p, *extra], capture_output=True, text=True)
    if js.returncode not in (0, 1):
        return None, js.stderr
    return json.loads(js.stdout), tx.stdout


def compare(label, spec, extra=()):
    out, text = landscape(spec, *extra)
    if out is None:
        check(f"{label}: landscape runs", False, text)
        return None, None, text
    sp = out["input"]["spec"]
    res = out["results"]
    fr = Frozen(sp)
    check(f"{label}: risk agrees", Fraction(res["risk"]) == fr.risk(fr.th))
    zero = any(z == 0 for row in fr.pre for z in row) or fr.kink
    check(f"{label}: twice differentiable iff no ReLU pre-activation is 0 and no Huber kink "
          f"({not zero})", res["twice_differentiable"] == (not zero))
    if zero:
        return res, None, text
    allz = [abs(z) for row in fr.pre for z in row]
    if allz:
        check(f"{label}: smallest |pre-activation| = {min(allz)}",
              Fraction(res["smallest_preactivation"]["abs"]) == min(allz))
    g, H, ok = derivatives(fr)
    check(f"{label}: R is of degree <= 2 in each parameter (the interpolation is exact)", ok)
    check(f"{label}: gradient agrees ({len(g)} entries)", [Fraction(v) for v in res["gradient"]] == g,
          f"rescheck {res['gradient'][:4]}, python {[str(v) for v in g[:4]]}")
    check(f"{label}: critical iff the gradient is 0", res["critical"] == all(v == 0 for v in g))
    neg, zer, pos = inertia(H)
    inn = res["inertia"]
    check(f"{label}: inertia ({pos}, {zer}, {neg}) agrees",
          (inn["negative"], inn["zero"], inn["positive"]) == (neg, zer, pos), str(inn))
    if neg:
        v = [Fraction(x) for x in res["negative_curvature"]]
        q = sum(v[i] * H[i][j] * v[j] for i in range(len(v)) for j in range(len(v)))
        check(f"{label}: v^T H v = {q} < 0 with Python's H", q < 0 and q == Fraction(res["vHv"]))
    return res, (g, H, (neg, zer, pos)), text


# 1. random instances of every block kind
families = [(["relu"], {}), (["identity", "identity"], {}), (["relu", "relu"], {}),
            (["relu-net"], {}), (["relu", "relu-net"], {}), (["identity", "relu"], {"W": True}),
            (["relu", "identity"], {"huber": True}), (["relu-net", "relu"], {"huber": True, "W": True})]
for k, (kinds, opt) in enumerate(families):
    for rep in range(2):
        spec = random_spec(kinds, **opt)
        label = f"random {'+'.join(kinds)}{' W' if opt.get('W') else ''}{' huber' if opt.get('huber') else ''} #{rep}"
        res, der, text = compare(label, spec)
        if res is None or der is None:
            continue
        if not res["critical"]:
            check(f"{label}: a non-critical point is not classified",
                  res["classification"] == "not a critical point" and "not a critical point" in text and
                  "minimum" not in text and "saddle" not in text, text[-300:])
        # polish w: dR/dw = 0 after it (squared loss)
        if not opt.get("huber"):
            pres, pder, _ = compare(label + " --polish w", spec, ("--polish", "w"))
            if pder:
                d = len(spec["X"][0])
                check(f"{label} --polish w: dR/dw = 0", all(v == 0 for v in pder[0][:d]))

# 2. a degenerate critical point: identity blocks, w polished to the exact
#    least-squares optimum on invertible h_L = A x (criticality by construction)
deg = {"kind": "yun19.resnet", "X": [["1", "0"], ["0", "1"], ["1", "2"], ["2", "-1"]],
       "y": ["1", "2", "0", "1"],
       "blocks": [{"phi": "identity", "V": [["0", "0"], ["0", "0"]]},
                  {"phi": "identity", "V": [["0"], ["0"]], "U": [["1", "1"]]}], "w": ["0", "0"]}
res, der, text = compare("degenerate point", deg, ("--polish", "w"))
if der:
    neg, zer, pos = der[2]
    check("degenerate point: critical, n0 > 0 and n- = 0 (the naive 'minimum' is unproved)",
          res["critical"] and zer > 0 and neg == 0, str(der[2]))
    check("degenerate point: classified degenerate, the word minimum never used",
          res["classification"].startswith("degenerate") and "minimum" not in text, text[-400:])

# 3. a zero pre-activation: x_2 = 0 at a ReLU block
zp = {"kind": "yun19.resnet", "X": [["1"], ["-1"], ["0"]], "y": ["1", "0", "2"],
      "blocks": [{"phi": "relu", "V": [["1"]]}], "w": ["1"]}
res, der, text = compare("zero pre-activation", zp)
check("zero pre-activation: no gradient, no Hessian, Theorem 2 does not apply",
      res is not None and not res["twice_differentiable"] and "gradient" not in res and
      "inertia" not in res and "does not apply" in text, text)

# 4. failed coverage: U_2, U_3 span R^2 (parameter coverage), data on a line
#    (representation coverage); the conclusion is not credited to Theorem 2
pc = json.loads(json.dumps(deg))
pc["blocks"].append({"phi": "identity", "V": [["0"], ["0"]], "U": [["1", "-1"]]})
res, der, text = compare("parameter coverage fails", pc, ("--polish", "w"))
check("parameter coverage fails: reported, and Theorem 2 asks nothing",
      res is not None and res["hypotheses"]["parameter_coverage"] is False and
      "parameter coverage fails, so Theorem 2 asks nothing" in text, text[-400:])
rc = json.loads(json.dumps(deg))
rc["X"] = [["1", "2"], ["2", "4"], ["-1", "-2"], ["3", "6"]]
res, der, text = compare("representation coverage fails", rc, ("--polish", "w"))
check("representation coverage fails: rank 1 of 2, Theorem 2 asks nothing",
      res is not None and res["hypotheses"]["representation_coverage"] is False and
      res["representation_rank"]["rank"] == 1 and "representation coverage fails" in text, text[-400:])

print(f"1..{len(tests)}")
for i, (desc, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
    if not ok and diag:
        for line in str(diag).splitlines()[:6]:
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in tests) else 1)

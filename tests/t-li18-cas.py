#!/usr/bin/python3
"""li18 Theorem 2 (issue 3, acceptance): on seeded random n-shortcut networks
rescheck has never seen (d <= 3, R <= 3, n in {1, 2, 3}, with and without a
sigma_mid slope), the Hessian at zero in the certificate of
`rescheck verify li18.thm2-nN --spec F` and every block it reports agree
exactly with an independent computer-algebra differentiation (SymPy).

The SymPy side builds the network as Definitions 1-2 read (unit r:
h -> h + sigma_post(W^{r,n} sigma_mid(... W^{r,1} sigma_pre(h)))), the loss
(1/2m) sum_mu |y^mu - f(x^mu)|^2, and differentiates it: for each pair p <= q,
d2/da db of the loss restricted to the plane w = a e_p + b e_q (all other
weights 0), at a = b = 0 (a partial derivative at 0 only sees that plane);
for p = q, d2/da2 on the line w = a e_p. Parameter index (Definition 5):
p = ((r*n + l)*d + j)*d + i. Every entry is compared, zeros included.

The restricted-plane method is itself checked against sympy.hessian of the
fully symbolic loss on three tiny networks.

Blocks: n = 1, also the printed |grad L(0)|^2; n = 2, results.M against (1/m)(X - Y) sigma_pre(X)^T and
results.saddle_curvature against -2|A e_c|^2 for the reported column c;
n = 1, results.B (unit 1 x unit 1) and results.A (rows from unit 2, columns
from unit 1; zero when R = 1) against the SymPy Hessian's blocks; n = 3,
results.loss_at_zero against L(0) and zero gradient and Hessian.
Prints TAP; exit 1 on any failure."""
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import sympy as sp

RC = sys.argv[1]
A_, B_ = sp.symbols("a b")
tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def q(s):
    return sp.Rational(Fraction(s))


# ---------------------------------------------------------------- the network in SymPy

def activation(spec):
    """SymPy function u -> sigma(u) for a spec activation."""
    if spec == "identity":
        return lambda u: u
    if spec == "relu":
        return lambda u: sp.Max(0, u)
    der = [q(c) for c in spec["derivatives"]]
    return lambda u: sum(c * u**k / sp.factorial(k) for k, c in enumerate(der))


def unpack(k, n, d):
    i = k % d
    k //= d
    j = k % d
    k //= d
    return k // n, k % n, j, i  # r, l, j, i


class Net:
    def __init__(self, spec):
        self.d, self.m, self.n, self.R = spec["d"], spec["m"], spec["n"], spec["R"]
        self.X = sp.Matrix(self.d, self.m, lambda i, mu: q(spec["X"][i][mu]))
        self.Y = sp.Matrix(self.d, self.m, lambda i, mu: q(spec["Y"][i][mu]))
        acts = spec["activations"]
        self.pre, self.mid, self.post = (activation(acts[k]) for k in ("pre", "mid", "post"))
        self.N = self.R * self.n * self.d * self.d

    def loss(self, assign):
        """the loss with weights assign = {index: expression}, all others 0"""
        d, n = self.d, self.n
        W = {}
        for k, v in assign.items():
            r, l, j, i = unpack(k, n, d)
            W[(r, l, i, j)] = W.get((r, l, i, j), 0) + v
        total = 0
        for mu in range(self.m):
            h = [self.X[i, mu] for i in range(d)]
            for r in range(self.R):
                z = [self.pre(v) for v in h]
                for l in range(n):
                    z = [sum(W.get((r, l, i, j), 0) * z[j] for j in range(d)) for i in range(d)]
                    act = self.mid if l + 1 < n else self.post
                    z = [act(v) for v in z]
                h = [h[i] + z[i] for i in range(d)]
            total += sum((self.Y[i, mu] - h[i]) ** 2 for i in range(d))
        return total / (2 * self.m)

    def entry(self, p, qq):
        if p == qq:
            v = sp.diff(self.loss({p: A_}), A_, 2).subs(A_, 0)
        else:
            v = sp.diff(self.loss({p: A_, qq: B_}), A_, B_).subs({A_: 0, B_: 0})
        v = sp.nsimplify(sp.simplify(v)) if not v.is_Rational else v
        return v

    def grad(self, p):
        v = sp.diff(self.loss({p: A_}), A_).subs(A_, 0)
        return v if v.is_Rational else sp.nsimplify(sp.simplify(v))


def full_symbolic_hessian(spec):
    """sympy.hessian of the loss with every weight a symbol, at 0 (tiny sizes):
    a check of the restricted-plane method itself"""
    net = Net(spec)
    w = sp.symbols("w0:%d" % net.N)
    L = net.loss({k: w[k] for k in range(net.N)})
    return sp.hessian(L, w).subs({x: 0 for x in w})


def sympy_rows(args):
    """Hessian rows p in ps (entries q >= p) and gradient entries, for one spec"""
    spec, ps = args
    net = Net(spec)
    out = []
    for p in ps:
        out.append((p, [net.entry(p, qq) for qq in range(p, net.N)], net.grad(p)))
    return out


# ---------------------------------------------------------------- random specs

DENS = (1, 2, 3, 4, 5, 7)


def rand_rat(rng, nonzero=False):
    while True:
        v = Fraction(rng.randint(-9, 9), rng.choice(DENS))
        if v != 0 or not nonzero:
            return v


def fstr(v):
    return str(Fraction(v))


SETTINGS = {
    "identity": {"pre": "identity", "mid": "identity", "post": "identity"},
    "mid slope 1/2, post 3/2 u + u^2/6": {
        "pre": "identity", "mid": {"derivatives": ["0", "1/2"]},
        "post": {"derivatives": ["0", "3/2", "1/3"]}},
    "relu pre": {"pre": "relu", "mid": "identity", "post": "identity"},
    "relu pre, mid slope 1/2": {"pre": "relu", "mid": {"derivatives": ["0", "1/2"]},
                                "post": "identity"},
    "polynomial pre": {"pre": {"derivatives": ["1/3", "-2", "3/5"]}, "mid": "identity",
                       "post": "identity"},
    "polynomial pre, mid slope 1/2, post curvature": {
        "pre": {"derivatives": ["0", "1", "-1/2", "2"]}, "mid": {"derivatives": ["0", "1/2", "5/7"]},
        "post": {"derivatives": ["0", "3/2", "1/3"]}},
}

# (d, R, n, setting): every size the acceptance names, and more settings
CASES = [
    (2, 2, 1, "identity"),
    (3, 2, 1, "mid slope 1/2, post 3/2 u + u^2/6"),
    (2, 3, 1, "relu pre"),
    (2, 2, 1, "polynomial pre"),
    (1, 3, 1, "polynomial pre, mid slope 1/2, post curvature"),
    (2, 2, 2, "identity"),
    (3, 2, 2, "mid slope 1/2, post 3/2 u + u^2/6"),
    (2, 3, 2, "relu pre, mid slope 1/2"),
    (2, 2, 2, "polynomial pre"),
    (3, 1, 2, "polynomial pre, mid slope 1/2, post curvature"),
    (2, 2, 3, "mid slope 1/2, post 3/2 u + u^2/6"),
    (3, 1, 3, "identity"),
    (2, 1, 3, "relu pre"),
]


def make_spec(rng, d, R, n, setting):
    m = rng.randint(3, 5)
    nonzero = "relu" in setting  # ReLU is differentiable at every data entry
    X = [[fstr(rand_rat(rng, nonzero)) for _ in range(m)] for _ in range(d)]
    Y = [[fstr(rand_rat(rng)) for _ in range(m)] for _ in range(d)]
    return {"kind": "li18.nshortcut",
            "description": "t-li18-cas.py: seeded random instance (%s)" % setting,
            "d": d, "m": m, "n": n, "R": R, "X": X, "Y": Y,
            "activations": SETTINGS[setting]}


# ---------------------------------------------------------------- rescheck

def run_rescheck(spec, tmp, name):
    f = os.path.join(tmp, name + ".json")
    with open(f, "w") as fh:
        json.dump(spec, fh)
    claim = "li18.thm2-n%d" % spec["n"]
    cdir = os.path.join(tmp, name)
    p = subprocess.run([RC, "verify", claim, "--spec", f, "--cert-dir", cdir],
                       capture_output=True, text=True)
    cert = None
    # the certificate is named after the claim and the spec file
    files = sorted(os.listdir(cdir)) if os.path.isdir(cdir) else []
    if len(files) == 1 and files[0].startswith(claim):
        with open(os.path.join(cdir, files[0])) as fh:
            cert = json.load(fh)
    return p, cert


def mat(rows):
    return sp.Matrix([[q(e) for e in row] for row in rows])


def block(H, d, r1, l1, r2, l2, n):
    """d^2 x d^2 block of H: rows from W^{r1,l1}, columns from W^{r2,l2}"""
    d2 = d * d
    off1, off2 = (r1 * n + l1) * d2, (r2 * n + l2) * d2
    return sp.Matrix(d2, d2, lambda a, b: H[off1 + a, off2 + b])


def main():
    t0 = time.time()
    rng = random.Random(20180318)
    specs = [(make_spec(rng, *c), c) for c in CASES]
    # the SymPy work, split by rows over 2 processes
    jobs = []
    for k, (spec, c) in enumerate(specs):
        N = spec["R"] * spec["n"] * spec["d"] ** 2
        # 4 chunks of rows dealt out boustrophedon, so that each holds about
        # as many entries (row p has N - p of them)
        chunks = [[] for _ in range(4)]
        for p in range(N):
            c = p % 8
            chunks[c if c < 4 else 7 - c].append(p)
        for ch in chunks:
            if ch:
                jobs.append((k, (spec, ch)))
    # largest jobs first
    jobs.sort(key=lambda j: -sum(len(range(p, j[1][0]["R"] * j[1][0]["n"] * j[1][0]["d"] ** 2))
                                 for p in j[1][1]))
    tiny = [make_spec(rng, 2, 1, 2, "polynomial pre, mid slope 1/2, post curvature"),
            make_spec(rng, 1, 3, 1, "polynomial pre, mid slope 1/2, post curvature"),
            make_spec(rng, 2, 2, 1, "relu pre")]
    with multiprocessing.Pool(2) as pool:
        full = pool.map_async(full_symbolic_hessian, tiny, chunksize=1)
        results = pool.map(sympy_rows, [j[1] for j in jobs], chunksize=1)
        full = full.get()
    for spec, Hf in zip(tiny, full):
        rows = sympy_rows((spec, list(range(Hf.shape[0]))))
        Hp = sp.zeros(*Hf.shape)
        for p, vals, _ in rows:
            for off, v in enumerate(vals):
                Hp[p, p + off] = Hp[p + off, p] = v
        check("SymPy self-check, d=%d R=%d n=%d: the restricted-plane Hessian equals sympy.hessian "
              "of the fully symbolic loss" % (spec["d"], spec["R"], spec["n"]), Hp == Hf)
    t_sympy = time.time() - t0
    hess = {k: {} for k in range(len(specs))}
    grads = {k: {} for k in range(len(specs))}
    for (k, _), rows in zip(jobs, results):
        for p, vals, g in rows:
            grads[k][p] = g
            for off, v in enumerate(vals):
                hess[k][(p, p + off)] = v

    compared = nonzero = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, (spec, (d, R, n, setting)) in enumerate(specs):
            label = "d=%d R=%d n=%d m=%d, %s" % (d, R, n, spec["m"], setting)
            N = R * n * d * d
            net = Net(spec)
            proc, cert = run_rescheck(spec, tmp, "case%d" % k)
            check("%s: rescheck exits 0 or 1 and writes a certificate" % label,
                  proc.returncode in (0, 1) and cert is not None,
                  "exit %d; stderr: %s" % (proc.returncode, proc.stderr[:300]))
            if cert is None:
                continue
            res = cert["results"]
            # the Hessian, entry by entry
            got, bad_form = {}, []
            for e in res["hessian"]:
                p, qq, v = e
                if not (0 <= p <= qq < N) or (p, qq) in got:
                    bad_form.append(e)
                got[(p, qq)] = q(v)
            check("%s: certificate Hessian entries are [p, q, value] with p <= q < %d, no repeats"
                  % (label, N), not bad_form, "offending: %s" % bad_form[:3])
            diffs = []
            H = sp.zeros(N, N)
            for p in range(N):
                for qq in range(p, N):
                    want = hess[k][(p, qq)]
                    have = got.get((p, qq), sp.Integer(0))
                    H[p, qq] = H[qq, p] = want
                    compared += 1
                    nonzero += want != 0
                    if have != want:
                        diffs.append("H[%d][%d]: rescheck %s, SymPy %s" % (p, qq, have, want))
            check("%s: all %d Hessian entries (p <= q) equal SymPy's" % (label, N * (N + 1) // 2),
                  not diffs, "\n".join(diffs[:5]))
            g = [grads[k][p] for p in range(N)]
            if n >= 2:
                check("%s: SymPy gradient at 0 is zero (Theorem 2.1)" % label, all(v == 0 for v in g))
            if n >= 3:
                check("%s: zero Hessian (Theorem 2.1), as rescheck reports" % label,
                      H.is_zero_matrix and res["hessian"] == [] and res["terms_below_order_n"] == 0)
                L0 = net.loss({})
                check("%s: loss_at_zero = L(0) = %s" % (label, L0), q(res["loss_at_zero"]) == L0,
                      "rescheck %s" % res["loss_at_zero"])
            if n == 2:
                Z = net.X.applyfunc(net.pre)
                M = (net.X - net.Y) * Z.T / spec["m"]
                check("%s: results.M = (1/m)(X - Y) sigma_pre(X)^T" % label, mat(res["M"]) == M,
                      "rescheck %s, SymPy %s" % (res["M"], M.tolist()))
                A = block(H, d, 0, 1, 0, 0, n)
                col = res["saddle_column"]
                if isinstance(col, dict):
                    c = col["column"]
                    want = -2 * sum(A[a, c] ** 2 for a in range(d * d))
                    first = next((cc for cc in range(d * d) if any(A[a, cc] != 0 for a in range(d * d))), None)
                    check("%s: saddle curvature -2|A e_c|^2 = %s at the first nonzero column c = %s"
                          % (label, want, c), q(res["saddle_curvature"]) == want and c == first,
                          "rescheck %s at column %s" % (res["saddle_curvature"], c))
                else:
                    check("%s: no saddle column only when A = 0" % label, A.is_zero_matrix)
            if n == 1:
                g2 = sum(v ** 2 for v in g)
                mt = re.search(r"\|grad L\(0\)\|\^2 = (\S+)", proc.stdout)
                check("%s: reported |grad L(0)|^2 = %s" % (label, g2),
                      mt is not None and q(mt.group(1)) == g2,
                      "rescheck: %s" % (mt.group(0) if mt else "no such line"))
                Bb = block(H, d, 0, 0, 0, 0, n)
                Ab = block(H, d, 1, 0, 0, 0, n) if R > 1 else sp.zeros(d * d, d * d)
                check("%s: results.B is the SymPy Hessian's (unit 1, unit 1) block" % label,
                      mat(res["B"]) == Bb, "rescheck %s\nSymPy %s" % (res["B"], Bb.tolist()))
                check("%s: results.A is the SymPy Hessian's (unit 2, unit 1) block%s"
                      % (label, "" if R > 1 else " (zero for R = 1)"), mat(res["A"]) == Ab,
                      "rescheck %s\nSymPy %s" % (res["A"], Ab.tolist()))
    elapsed = time.time() - t0
    bad = 0
    for i, (desc, ok, diag) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, desc))
        if not ok:
            bad += 1
            for line in str(diag).splitlines():
                print("# " + line)
    print("# %d instances, %d Hessian entries compared (%d nonzero); SymPy %.1f s, total %.1f s"
          % (len(specs), compared, nonzero, t_sympy, elapsed))
    print("1..%d" % len(tests))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

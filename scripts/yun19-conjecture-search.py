#!/usr/bin/env python3
"""The conjecture search of issue 9 §2 (docs/claims.md, yun19.response):
yun19 §4.2 conjectures that when parameter coverage fails (the rows of U_2..U_L
span R^{d_x}) critical points "should be of good quality". A counterexample is
an exact critical point of a §4.1 network (identity skips) with parameter
coverage failing, R > R_lin (no bias) and a Hessian with no negative eigenvalue.

Everything is exact (scripts/yun19_exact.py); the seed fixes the instances.
Families, each with the reason its points are critical:
  builtin  the yun19.thm2 built-in instances (src/claims/data/yun19-thm2.json),
           w polished where the spec asks; counted as they are.
  w0       w = 0. Then f = 0, R = mean(y^2), dR/dw = -(2/n) sum y_i h_L(x_i) and
           every other entry has a factor w; the Hessian is [[(2/n) H_L^T H_L, B],
           [B^T, 0]] with B = -(2/n) sum y_i dh_L(x_i)/dtheta', so H >= 0 iff B = 0.
           Both conditions are linear in y: for fixed X and inner weights the
           search is EXHAUSTIVE over y (a counterexample exists iff the null space
           of y -> (sum y_i h_L, sum y_i dh_L/dtheta') holds a y with X^T y != 0).
  ray      w != 0 random, y = f - c r with r in the left null space of the
           Jacobian J (n x P) of f: the gradient (2/n) J^T (f - y) = (2/n) c J^T r
           is 0 for every c. H(c) = (2/n)(J^T J + c G(r)) is PSD on an interval
           of c containing 0, and R > R_lin outside the roots of a quadratic in c:
           H is tested (exact LDL^T) at rationals just beyond both roots; a
           negative eigenvalue there excludes the whole half-line beyond (the PSD
           set of a pencil is convex). Not exhaustive in r (a few per network).
usage: scripts/yun19-conjecture-search.py [--seed S] [--per-shape N] [--json OUT]
"""
import argparse
import json
import os
import random
import sys
from fractions import Fraction as Q

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from yun19_exact import (Net, NotTwiceDifferentiable, analyse, forward, inertia,  # noqa: E402
                         min_abs_preactivation,
                         jsum, lstsq, lstsq_risk, nullspace, rank, solve)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (d_x, blocks as (phi, m_l or hidden width)): parameter coverage can fail only
# when sum_{l >= 2} m_l >= d_x
SHAPES = [
    (1, [("relu", None), ("relu", 1)]),
    (2, [("relu", None), ("relu", 2)]),
    (2, [("relu", None), ("relu", 1), ("relu", 1)]),
    (2, [("identity", None), ("identity", 2)]),
    (2, [("identity", None), ("identity", 1), ("identity", 1)]),
    (2, [("relu-net", 2), ("relu-net", 2)]),
    (3, [("relu", None), ("relu", 2), ("relu", 1)]),
    (2, [("relu", None), ("relu", 1), ("relu", 1), ("relu", 1)]),
]


def rq(rng, den=4, top=8):
    """a random nonzero rational (zeros make ReLU pre-activations 0 too often)"""
    return Q(rng.choice([-1, 1]) * rng.randint(1, top), rng.randint(1, den))


def rmat(rng, r, c):
    return [[rq(rng) for _ in range(c)] for _ in range(r)]


def random_net(rng, dx, shape, n):
    """A §4.1 network of this shape at a random rational point (w random)."""
    blocks = []
    for l, (phi, m) in enumerate(shape):
        b = {"phi": phi}
        if l == 0:
            t_dim = dx
        else:
            t_dim = m
            b["U"] = rmat(rng, m, dx)
        if phi == "relu-net":
            k = 2
            b["A"] = rmat(rng, k, t_dim)
            b["a"] = [rq(rng) for _ in range(k)]
            b["V"] = rmat(rng, dx, k)
        else:
            b["V"] = rmat(rng, dx, t_dim)
        blocks.append(b)
    return {"X": rmat(rng, n, dx), "y": [Q(0)] * n, "w": [rq(rng) for _ in range(dx)],
            "blocks": blocks}


def coverage_fails(spec, dx):
    rows = [r for b in spec["blocks"][1:] for r in b.get("U", [])]
    return rank(rows) == dx


def hL_jets(spec):
    """h_L(x_i) as jets in the inner parameters (w's indices first, unused)."""
    net = Net(spec)
    P, npar = net.jets()
    return [forward(net, P, x, i) for i, x in enumerate(net.X)], npar, net


def family_w0(spec, dx):
    """Exhaustive over y for w = 0; returns (status, y or None)."""
    spec = dict(spec, w=[Q(0)] * dx)
    try:
        H, npar, net = hL_jets(spec)
    except NotTwiceDifferentiable:
        return "not-C2", None
    n = len(H)
    if rank([[j.v for j in h] for h in H]) < dx:
        rep = False
    else:
        rep = True
    rows = []
    for a in range(dx):
        rows.append([H[i][a].v for i in range(n)])
        for p in range(dx, npar):
            row = [H[i][a].g.get(p, Q(0)) for i in range(n)]
            if any(row):
                rows.append(row)
    basis = nullspace(rows, n)
    for y in basis:
        if any(sum(y[i] * net.X[i][j] for i in range(n)) != 0 for j in range(dx)):
            return ("counterexample" if rep else "counterexample-no-rep"), y
    return ("none-nullspace-%d" % len(basis)), None


def family_ray(spec, dx, rng, tries=2):
    """w != 0: y = f - c r, r in the left null space of J; H tested beyond the roots."""
    try:
        a0 = analyse(spec)  # y = 0 only for the Jacobian: f and J do not depend on y
    except NotTwiceDifferentiable:
        return "not-C2", None
    if not a0["twice_differentiable"]:
        return "not-C2", None
    net = Net(spec)
    P, npar = net.jets()
    J, G = [], []
    for i, x in enumerate(net.X):
        h = forward(net, P, x, i)
        f = jsum(wj * hj for wj, hj in zip(P["w"], h))
        J.append([f.g.get(p, Q(0)) for p in range(npar)])
        G.append(f.h)
    n = len(J)
    left = nullspace([[J[i][p] for i in range(n)] for p in range(npar)], n)
    if not left:
        return "no-left-null", None
    f = a0["f"]
    out = "none"
    for _ in range(tries):
        coef = [rng.randint(-3, 3) for _ in left]
        r = [sum(k * b[i] for k, b in zip(coef, left)) for i in range(n)]
        if not any(r):
            continue
        for c in candidate_c(net.X, f, r):
            y = [fi - c * ri for fi, ri in zip(f, r)]
            Rv = sum((c * ri) ** 2 for ri in r) / n
            if Rv <= lstsq_risk(net.X, y):
                continue
            H = [[Q(0)] * npar for _ in range(npar)]
            for i in range(n):
                for a in range(npar):
                    if J[i][a]:
                        for b in range(npar):
                            H[a][b] += 2 * J[i][a] * J[i][b] / n
                for (a, b), v in G[i].items():
                    H[a][b] += 2 * c * r[i] * v / n
                    if a != b:
                        H[b][a] += 2 * c * r[i] * v / n
            if inertia(H)[2] == 0:
                return ("counterexample" if rank(a0["hL"]) == dx else "counterexample-no-rep"), y
            out = "none"
    return out, None


def candidate_c(X, f, r):
    """Rationals just beyond the roots of R(c) - R_lin(c) (a quadratic in c)."""
    n, dx = len(X), len(X[0])
    cols = [[X[i][j] for i in range(n)] for j in range(dx)]
    basis = []
    for c in cols:
        if rank(basis + [c]) > len(basis):
            basis.append(c)

    def proj(v):
        if not basis:
            return [Q(0)] * n
        Gm = [[sum(a * b for a, b in zip(p, q)) for q in basis] for p in basis]
        t = solve(Gm, [sum(a * b for a, b in zip(p, v)) for p in basis])
        return [sum(t[k] * basis[k][i] for k in range(len(basis))) for i in range(n)]
    pr, pf = proj(r), proj(f)
    perp_f = [a - b for a, b in zip(f, pf)]
    # n (R - R_lin)(c) = c^2 |P r|^2 + 2 c <P_perp f, r> - |P_perp f|^2
    A = sum(v * v for v in pr)
    B = 2 * sum(a * b for a, b in zip(perp_f, r))
    C = -sum(v * v for v in perp_f)
    if A == 0:
        return [] if B == 0 else [(-C / B) * Q(1025, 1024)]
    disc = B * B - 4 * A * C
    out = []
    for sgn in (1, -1):
        # rational just beyond the root, by a 2^-20 relative margin on sqrt(disc)
        s = isqrt_q(disc) * (1 + sgn * Q(1, 1 << 20))
        out.append((-B + sgn * s) / (2 * A))
    return out


def isqrt_q(q):
    """a rational >= sqrt(q) within a factor 1 + 2^-30"""
    lo, hi = Q(0), max(Q(1), q)
    for _ in range(80):
        mid = (lo + hi) / 2
        if mid * mid >= q:
            hi = mid
        else:
            lo = mid
    return Q(hi).limit_denominator(1 << 40) if hi * hi >= q else hi


def confirm(spec, y):
    """a candidate is re-analysed from scratch before it is reported"""
    a = analyse(dict(spec, y=y))
    assert a["critical"] and a["risk"] > a["R_lin"] and a["inertia"][2] == 0, "not confirmed"
    assert not a["param_coverage"] or "W" in spec["blocks"][0], "parameter coverage holds"
    return a


def selftest():
    """The detector is not vacuous: on the response's tunable-skip network (where
    Theorem 2 fails) the w0 family must find its y, and it is confirmed."""
    doc = json.load(open(os.path.join(ROOT, "src/claims/data/yun19-response.json")))
    sp = next(i["spec"] for i in doc["instances"] if i["name"] == "b-tunable-skip")
    st, y = family_w0(sp, len(sp["w"]))
    assert st == "counterexample", st
    a = confirm(sp, y)
    print("selftest: w0 on b-tunable-skip finds y with R = %s > R_lin = %s, n- = 0" % (a["risk"], a["R_lin"]))


def builtin():
    path = os.path.join(ROOT, "src/claims/data/yun19-thm2.json")
    doc = json.load(open(path))
    out = []
    for inst in doc["instances"]:
        sp = inst["spec"]
        if inst.get("polish"):
            net = Net(sp)
            P, _ = net.jets()
            H = [[j.v for j in forward(net, P, x, i)] for i, x in enumerate(net.X)]
            sp = dict(sp, w=[str(v) for v in lstsq(H, net.y)])
        a = analyse(sp)
        if not a["twice_differentiable"]:
            out.append((inst["name"], "not-C2"))
            continue
        bad = (a["critical"] and not a["param_coverage"] and a["risk"] > a["R_lin"]
               and a["inertia"][2] == 0)
        out.append((inst["name"], "counterexample" if bad else
                    "critical=%s param_coverage=%s R>R_lin=%s n-=%d" % (
                        a["critical"], a["param_coverage"], a["risk"] > a["R_lin"], a["inertia"][2])))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--per-shape", type=int, default=25)
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    selftest()
    report = {"seed": args.seed, "builtin": builtin(), "shapes": []}
    for name, st in report["builtin"]:
        print("builtin %-28s %s" % (name, st))
    for dx, shape in SHAPES:
        counts = {}
        found = []
        tried = 0
        while tried < args.per_shape:
            nparams_guess = 4 * dx * len(shape) + dx
            spec = random_net(rng, dx, shape, n=nparams_guess + 3)
            if not coverage_fails(spec, dx):
                continue
            if min_abs_preactivation(Net(spec)) == 0:
                counts["skipped:zero-preactivation"] = counts.get("skipped:zero-preactivation", 0) + 1
                continue
            tried += 1
            for fam, run in (("w0", lambda s: family_w0(s, dx)), ("ray", lambda s: family_ray(s, dx, rng))):
                st, y = run(spec)
                key = fam + ":" + st.split("-nullspace")[0]
                counts[key] = counts.get(key, 0) + 1
                if st.startswith("counterexample"):
                    confirm(dict(spec, w=[Q(0)] * dx) if fam == "w0" else spec, y)
                    found.append({"family": fam, "status": st, "spec": spec, "y": [str(v) for v in y]})
        label = "d_x=%d %s" % (dx, " ".join("%s%s" % (p, "" if m is None else "(%d)" % m) for p, m in shape))
        print("%-48s %d instances: %s" % (label, tried, json.dumps(counts, sort_keys=True)))
        report["shapes"].append({"shape": label, "instances": tried, "counts": counts,
                                 "found": len(found)})
        if found:
            print("  FOUND:", json.dumps(found[0], default=str)[:2000])
    total = sum(s["instances"] for s in report["shapes"])
    nfound = sum(s["found"] for s in report["shapes"])
    print("total: %d random networks x 2 families, %d counterexample(s)" % (total, nfound))
    if args.json:
        with open(args.json + ".tmp", "w") as fh:
            json.dump(report, fh, indent=1, default=str)
        os.replace(args.json + ".tmp", args.json)


if __name__ == "__main__":
    main()

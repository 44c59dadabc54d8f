#!/usr/bin/env python3
"""Builds the instances of claim yun19.response (src/claims/data/yun19-response.json)
and checks each one first with the independent exact prototype scripts/yun19_exact.py.

Every point is critical by construction; "why" says why (docs/claims.md):
  (a) L = 1 (parameter coverage holds vacuously), critical, w != 0: R <= R_lin,
      including points where representation coverage fails; one w = 0 point shows
      the hypothesis w != 0 is needed (R > R_lin there).
  (b) the tunable-skip variant h_l = W_l h_{l-1} + V_l phi(U_l h_{l-1}): a critical
      point with both of Theorem 2's conditions, R > R_lin and no negative Hessian
      eigenvalue.
usage: scripts/gen-yun19-response.py [--check]   (--check: compare, write nothing)
"""
import json
import os
import sys
from fractions import Fraction as Q

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from yun19_exact import analyse, solve, summary  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def s(v):
    """numbers as the spec writes them: integers as integers, else "p/q" strings"""
    if isinstance(v, list):
        return [s(x) for x in v]
    v = Q(v)
    return int(v) if v.denominator == 1 else str(v)


def lsq(cols, y):
    """least-squares coefficients of y on the given columns (full column rank)"""
    k = len(cols)
    G = [[sum(a * b for a, b in zip(cols[p], cols[q])) for q in range(k)] for p in range(k)]
    return solve(G, [sum(a * c for a, c in zip(cols[p], y)) for p in range(k)])


def spec(X, y, w, blocks):
    return {"kind": "yun19.resnet", "X": s(X), "y": s(y), "w": s(w),
            "blocks": [{k: (v if k == "phi" else s(v)) for k, v in b.items()} for b in blocks]}


def a_identity_singular():
    """phi = identity: f = w^T (I + V) x. Critical iff (I + V)^T w = t* (the
    least-squares t) and X^T r = 0. I + V = u t*^T with u^T w = 1 is singular
    (rank 1): representation coverage fails, R = R_lin."""
    X = [[1, 0], [0, 1], [1, 2], [2, -1], [3, 1]]
    y = [1, 2, 0, 3, 1]
    Xq = [[Q(v) for v in r] for r in X]
    t = lsq([[r[0] for r in Xq], [r[1] for r in Xq]], [Q(v) for v in y])
    w, u = [Q(1), Q(1)], [Q(1), Q(0)]
    V = [[u[i] * t[j] - (1 if i == j else 0) for j in range(2)] for i in range(2)]
    return spec(X, y, w, [{"phi": "identity", "V": V}]), (
        "phi = identity: dR/dV_1 = w (X^T r)^T and dR/dw = (I+V_1)^T X^T r vanish because "
        "(I+V_1)^T w is the least-squares t, so X^T r = 0; I+V_1 = u t^T has rank 1, so "
        "representation coverage fails and R = R_lin")


def a_relu_net_piecewise():
    """x = (s, 1); one hidden unit relu(s - b). y = f + r with f = alpha s + beta +
    gamma relu(s - b) and r orthogonal to s, 1, s 1_S, 1_S (S = {s > b}); w = (alpha,
    beta), V = w gamma / |w|^2. Every gradient entry is a sum r_i (feature_i) over
    those four features: critical, and R_lin - R = gamma^2 |P relu(s - b)|^2 / n > 0."""
    svals = [-2, -1, 1, 2, 3, 4, 5, 6]
    X = [[v, 1] for v in svals]
    b = Q(5, 2)
    # r orthogonal to (s, 1) on s < b and on s > b separately (four samples each)
    r = [1, -1, -1, 1, 1, -3, 3, -1]
    alpha, beta, gamma = Q(-3), Q(1), Q(2)
    f = [alpha * v + beta + gamma * max(Q(v) - b, 0) for v in svals]
    y = [fi - ri for fi, ri in zip(f, r)]  # r = f - y
    w = [alpha, beta]
    nw = alpha * alpha + beta * beta
    V = [[w[0] * gamma / nw], [w[1] * gamma / nw]]
    return spec(X, y, w, [{"phi": "relu-net", "V": V, "A": [[1, 0]], "a": [-b]}]), (
        "relu-net with one unit relu(s - 5/2) on x = (s, 1): y = f - r with r orthogonal "
        "to s, 1 and to both on the unit's active set, so dR/dw, dR/dV_1, dR/dA_1, dR/da_1 "
        "(sums of r_i times those features) vanish; R < R_lin")


def a_relu_net_collapse():
    """As a_relu_net_piecewise plus a second unit relu(c^T x), active on every sample,
    whose output column V[:,2] = -c/|c|^2 with c orthogonal to w: h = x + ... loses
    the direction c (H c = 0), so representation coverage fails; the unit's output
    weight V^T w is 0 for it, so f, r and the gradient are unchanged."""
    base, _ = a_relu_net_piecewise()
    w = [Q(v) for v in base["w"]]
    c = [-w[1], w[0]]  # orthogonal to w
    X = [[Q(v) for v in r] for r in base["X"]]
    if all(c[0] * x[0] + c[1] * x[1] < 0 for x in X):
        c = [-c[0], -c[1]]
    assert all(c[0] * x[0] + c[1] * x[1] > 0 for x in X), "c^T x must keep one sign"
    nc = c[0] * c[0] + c[1] * c[1]
    V = [[Q(base["blocks"][0]["V"][i][0]), -c[i] / nc] for i in range(2)]
    blk = {"phi": "relu-net", "V": V, "A": [[1, 0], c], "a": [Q(base["blocks"][0]["a"][0]), 0]}
    return spec(base["X"], base["y"], w, [blk]), (
        "the piecewise instance plus a unit relu(c^T x), c orthogonal to w, active on every "
        "sample, with output column -c/|c|^2: h_1 c = 0 for every sample (representation "
        "coverage fails), V_1^T w is unchanged, so the point stays critical and R < R_lin")


def a_w_zero():
    """w = 0 (L = 1): f = 0, dR/dw = -(2/n) H^T y and every other entry carries a
    factor w, so the point is critical when sum y_i h_1(x_i) = 0: V_1 is solved for
    that. R = mean y^2 > R_lin: the statement needs w != 0."""
    X = [[1, 0], [0, 1], [1, 2], [2, -1], [3, 1]]
    y = [1, 2, 0, 3, 1]
    # unit relu(x_1 - 1/2): sum_i y_i relu(x_1 - 1/2) = g
    A, a = [[1, 0]], [Q(-1, 2)]
    phi = [max(Q(x[0]) - Q(1, 2), 0) for x in X]
    g = sum(Q(yi) * p for yi, p in zip(y, phi))
    Xty = [sum(Q(yi) * x[j] for yi, x in zip(y, X)) for j in range(2)]
    V = [[-Xty[0] / g], [-Xty[1] / g]]
    return spec(X, y, [0, 0], [{"phi": "relu-net", "V": V, "A": A, "a": a}]), (
        "w = 0: every gradient entry but dR/dw has a factor w, and dR/dw = -(2/n) sum y_i "
        "h_1(x_i) = 0 because V_1 = -X^T y / (sum y_i relu(x_i1 - 1/2)); R = mean(y^2) > "
        "R_lin, so 'w != 0' cannot be dropped (the Hessian has a negative eigenvalue here)")


def b_tunable_skip():
    """The response's variant with W_1, W_2 tunable. w = 0, so R = mean y^2 and the
    gradient is -(2/n) H_2^T y in w and 0 elsewhere; the Hessian is
    [[(2/n) H_2^T H_2, B], [B^T, 0]] with B = -(2/n) sum y_i dh_2(x_i)/dtheta', which
    vanishes when (i) W_1 X^T y = 0 (the W_2 columns), (ii) y is orthogonal to 1_S and
    x 1_S on the active set S of each live block-2 unit (V_2, A_2, a_2, U_2, W_1 rows),
    (iii) block 1's units are dead (V_1, A_1, a_1). Then H >= 0 with n+ = d_x, and
    R > R_lin since X^T y != 0. W_1 = diag(0, 1) forgets x_1, which carries the signal."""
    S1 = [[0, 3], [1, 3], [0, 4], [1, 4]]
    S2 = [[0, -3], [1, -3], [0, -4], [1, -4]]
    mid = [[1, 1], [2, -1]]
    X = S1 + S2 + mid
    y = [1, -1, -1, 1] * 2 + [1, 1]
    blocks = [
        {"phi": "relu-net", "V": [[0], [0]], "A": [[0, 0]], "a": [-1], "W": [[0, 0], [0, 1]]},
        {"phi": "relu-net", "V": [[1, 0], [0, 1]], "U": [[0, 1]], "A": [[1], [-1]],
         "a": [-2, -2], "W": [[0, 0], [0, 0]]},
    ]
    return spec(X, y, [0, 0], blocks), (
        "tunable W_l, w = 0: the Hessian is [[(2/n) H_2^T H_2, B], [B^T, 0]] and B = 0 because "
        "W_1 X^T y = 0, y is orthogonal to 1_S and x 1_S on each live block-2 unit's active set "
        "S, and block 1's unit is dead; H_2 has rank 2 and U_2 rank 1 < d_x = 2, so both "
        "conditions hold, R = mean(y^2) > R_lin, and no eigenvalue is negative")


INSTANCES = [
    ("a-identity-singular", a_identity_singular),
    ("a-relu-net-piecewise", a_relu_net_piecewise),
    ("a-relu-net-collapse", a_relu_net_collapse),
    ("a-w-zero", a_w_zero),
    ("b-tunable-skip", b_tunable_skip),
]


def main():
    insts = []
    for name, make in INSTANCES:
        sp, why = make()
        a = analyse(sp)
        print("%-22s %s" % (name, summary(a)), file=sys.stderr)
        assert a["twice_differentiable"] and a["critical"], name
        insts.append({"name": name, "why": why, "spec": sp})
    doc = {"kind": "yun19.resnet-set",
           "description": "yun19 author response (claim yun19.response): (a) L = 1 critical "
           "points, (b) the tunable-skip variant; built by scripts/gen-yun19-response.py",
           "instances": insts}
    text = json.dumps(doc, indent=1) + "\n"
    out = os.path.join(ROOT, "src/claims/data/yun19-response.json")
    if "--check" in sys.argv:
        sys.exit(0 if open(out).read() == text else 1)
    with open(out + ".tmp", "w") as fh:
        fh.write(text)
    os.replace(out + ".tmp", out)
    ex = os.path.join(ROOT, "examples/response-tunable-skip.json")
    sp = dict(insts[-1]["spec"])
    sp = {"kind": sp.pop("kind"), "description": insts[-1]["why"], **sp}
    with open(ex + ".tmp", "w") as fh:
        fh.write(json.dumps(sp, indent=1) + "\n")
    os.replace(ex + ".tmp", ex)


if __name__ == "__main__":
    main()

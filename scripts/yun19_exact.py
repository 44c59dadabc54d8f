"""Exact (fractions.Fraction) prototype of the yun19 §4 ResNet landscape.

A second, independent implementation for the authors' response (claim
yun19.response) and the conjecture search: forward pass, risk, gradient and
Hessian over Q by second-order jets, inertia by a symmetric LDL^T with 1x1/2x2
pivots, ranks, R_lin. Floats never appear.

Network (the brief's conventions, docs/specs.md kind "yun19.resnet"):
  h_0 = x;  block l: h_l = S_l h_{l-1} + V_l phi(t_l), t_l = U_l h_{l-1}
  (t_1 = h_0 when block 1 has no U), S_l = I or the tunable W_l;
  phi: identity, relu (elementwise), relu-net relu(A t + a);  f = w^T h_L.
Parameter order: w, then per block V, U (if present), A, a (relu-net), W (if
present), every matrix row-major.  Loss (p - y)^2, R = (1/n) sum.
"""
from fractions import Fraction as Q
import json


class NotTwiceDifferentiable(Exception):
    pass


# ---------------------------------------------------------------- jets
class Jet:
    """value, sparse gradient {i: q}, sparse Hessian {(i, j): q} with i <= j."""
    __slots__ = ("v", "g", "h")

    def __init__(self, v, g=None, h=None):
        self.v = v
        self.g = g or {}
        self.h = h or {}

    @staticmethod
    def const(v):
        return Jet(Q(v))

    @staticmethod
    def var(v, i):
        return Jet(Q(v), {i: Q(1)})

    def __add__(self, o):
        g = dict(self.g)
        for k, x in o.g.items():
            g[k] = g.get(k, 0) + x
        h = dict(self.h)
        for k, x in o.h.items():
            h[k] = h.get(k, 0) + x
        return Jet(self.v + o.v, g, h)

    def scale(self, c):
        if c == 0:
            return Jet(Q(0))
        return Jet(self.v * c, {k: x * c for k, x in self.g.items()},
                   {k: x * c for k, x in self.h.items()})

    def __mul__(self, o):
        if not o.g and not o.h:
            return self.scale(o.v)
        if not self.g and not self.h:
            return o.scale(self.v)
        a, b = self.v, o.v
        g = {k: x * b for k, x in self.g.items()}
        for k, x in o.g.items():
            g[k] = g.get(k, 0) + a * x
        h = {}
        if b:
            for k, x in self.h.items():
                h[k] = x * b
        if a:
            for k, x in o.h.items():
                h[k] = h.get(k, 0) + a * x
        for i, gi in self.g.items():
            for j, gj in o.g.items():
                k = (i, j) if i <= j else (j, i)
                h[k] = h.get(k, 0) + (gi * gj if i != j else 2 * gi * gj)
        return Jet(a * b, g, h)


def jsum(js):
    out = Jet(Q(0))
    for j in js:
        out = out + j
    return out


def matvec(M, v):
    return [jsum(m * x for m, x in zip(row, v)) for row in M]


def relu(j, where):
    if j.v > 0:
        return j
    if j.v < 0:
        return Jet(Q(0))
    raise NotTwiceDifferentiable(where)


# ---------------------------------------------------------------- spec
def qmat(rows):
    return [[Q(x) for x in r] for r in rows]


def qvec(v):
    return [Q(x) for x in v]


class Net:
    """A spec as Python objects; theta() is the flat parameter vector."""

    def __init__(self, spec):
        self.X = qmat(spec["X"])
        self.y = qvec(spec["y"])
        self.w = qvec(spec["w"])
        self.blocks = []
        for b in spec["blocks"]:
            nb = {"phi": b["phi"]}
            for k in ("V", "U", "A", "W"):
                if k in b:
                    nb[k] = qmat(b[k])
            if "a" in b:
                nb["a"] = qvec(b["a"])
            self.blocks.append(nb)
        self.dx = len(self.X[0])

    def layout(self):
        """[(name, block, key, shape)] in the parameter order."""
        out = [("w", None, "w", (len(self.w),))]
        for l, b in enumerate(self.blocks, 1):
            for k in ("V", "U", "A", "a", "W"):
                if k in b:
                    shape = (len(b[k]),) if k == "a" else (len(b[k]), len(b[k][0]))
                    out.append(("%s_%d" % (k, l), l - 1, k, shape))
        return out

    def names(self):
        out = []
        for name, _, _, shape in self.layout():
            if len(shape) == 1:
                out += ["%s[%d]" % (name, i) for i in range(shape[0])]
            else:
                out += ["%s[%d,%d]" % (name, i, j) for i in range(shape[0]) for j in range(shape[1])]
        return out

    def jets(self):
        """Parameters as jets (each its own variable), same structure."""
        idx = 0
        out = {"blocks": [dict() for _ in self.blocks]}
        for name, l, key, shape in self.layout():
            src = self.w if l is None else self.blocks[l][key]
            if len(shape) == 1:
                js = [Jet.var(src[i], idx + i) for i in range(shape[0])]
                idx += shape[0]
            else:
                js = []
                for i in range(shape[0]):
                    js.append([Jet.var(src[i][j], idx + j) for j in range(shape[1])])
                    idx += shape[1]
            if l is None:
                out["w"] = js
            else:
                out["blocks"][l][key] = js
        return out, idx


def forward(net, P, x, sample, keep=None):
    """h_L(x) as jets; keep collects h_l values (plain) when a list is given."""
    h = [Jet.const(v) for v in x]
    if keep is not None:
        keep.append([j.v for j in h])
    for l, (b, pb) in enumerate(zip(net.blocks, P["blocks"]), 1):
        t = matvec(pb["U"], h) if "U" in pb else h
        if b["phi"] == "identity":
            z = t
        elif b["phi"] == "relu":
            z = [relu(tj, (sample, l, "t", k)) for k, tj in enumerate(t)]
        elif b["phi"] == "relu-net":
            pre = [p + a for p, a in zip(matvec(pb["A"], t), pb["a"])]
            z = [relu(pj, (sample, l, "hidden", k)) for k, pj in enumerate(pre)]
        else:
            raise ValueError("phi " + b["phi"])
        r = matvec(pb["V"], z)
        skip = matvec(pb["W"], h) if "W" in pb else h
        h = [s + q for s, q in zip(skip, r)]
        if keep is not None:
            keep.append([j.v for j in h])
    return h


def min_abs_preactivation(net):
    """Smallest |pre-activation| over samples and ReLU units (None if no ReLU)."""
    best = None
    for x in net.X:
        h = list(x)
        for b in net.blocks:
            t = [sum(u * v for u, v in zip(row, h)) for row in b["U"]] if "U" in b else h
            if b["phi"] == "identity":
                z = t
                pres = []
            elif b["phi"] == "relu":
                pres = t
                z = [max(v, 0) for v in t]
            else:
                pres = [sum(u * v for u, v in zip(row, t)) + a for row, a in zip(b["A"], b["a"])]
                z = [max(v, 0) for v in pres]
            for p in pres:
                best = abs(p) if best is None else min(best, abs(p))
            r = [sum(u * v for u, v in zip(row, z)) for row in b["V"]]
            skip = [sum(u * v for u, v in zip(row, h)) for row in b["W"]] if "W" in b else h
            h = [s + q for s, q in zip(skip, r)]
    return best


def landscape(net):
    """Risk, gradient, Hessian (dense, Fractions), h_L rows, per-sample f."""
    P, npar = net.jets()
    n = len(net.X)
    grad = [Q(0)] * npar
    H = [[Q(0)] * npar for _ in range(npar)]
    risk = Q(0)
    HL, F = [], []
    for i, (x, y) in enumerate(zip(net.X, net.y)):
        hL = forward(net, P, x, i)
        f = jsum(wj * hj for wj, hj in zip(P["w"], hL))
        HL.append([j.v for j in hL])
        F.append(f.v)
        r = f.v - y
        risk += r * r
        for k, g in f.g.items():
            grad[k] += 2 * r * g
        for (a, b), v in f.h.items():
            H[a][b] += 2 * r * v
            if a != b:
                H[b][a] += 2 * r * v
        items = list(f.g.items())
        for a, ga in items:
            for b, gb in items:
                H[a][b] += 2 * ga * gb
    risk /= n
    grad = [g / n for g in grad]
    H = [[v / n for v in row] for row in H]
    return {"risk": risk, "grad": grad, "hess": H, "hL": HL, "f": F, "npar": npar}


# ---------------------------------------------------------------- linear algebra
def rank(M):
    M = [list(r) for r in M]
    if not M:
        return 0
    rk, cols = 0, len(M[0])
    for c in range(cols):
        p = next((i for i in range(rk, len(M)) if M[i][c] != 0), None)
        if p is None:
            continue
        M[rk], M[p] = M[p], M[rk]
        for i in range(len(M)):
            if i != rk and M[i][c] != 0:
                f = M[i][c] / M[rk][c]
                M[i] = [a - f * b for a, b in zip(M[i], M[rk])]
        rk += 1
    return rk


def nullspace(M, ncols):
    """Basis of {v : M v = 0} (rational)."""
    M = [list(r) for r in M]
    piv = []
    rk = 0
    for c in range(ncols):
        p = next((i for i in range(rk, len(M)) if M[i][c] != 0), None)
        if p is None:
            continue
        M[rk], M[p] = M[p], M[rk]
        pv = M[rk][c]
        M[rk] = [a / pv for a in M[rk]]
        for i in range(len(M)):
            if i != rk and M[i][c] != 0:
                f = M[i][c]
                M[i] = [a - f * b for a, b in zip(M[i], M[rk])]
        piv.append(c)
        rk += 1
    free = [c for c in range(ncols) if c not in piv]
    basis = []
    for fc in free:
        v = [Q(0)] * ncols
        v[fc] = Q(1)
        for r, pc in enumerate(piv):
            v[pc] = -M[r][fc]
        basis.append(v)
    return basis


def inertia(H):
    """(n+, n0, n-) by symmetric elimination with 1x1 / 2x2 pivots (Sylvester)."""
    A = [list(r) for r in H]
    idx = list(range(len(A)))
    pos = zero = neg = 0
    while idx:
        d = next((i for i in idx if A[i][i] != 0), None)
        if d is not None:
            p = A[d][d]
            pos, neg = (pos + 1, neg) if p > 0 else (pos, neg + 1)
            rest = [i for i in idx if i != d]
            for i in rest:
                if A[i][d] != 0:
                    f = A[i][d] / p
                    for j in rest:
                        if A[d][j] != 0:
                            A[i][j] -= f * A[d][j]
            idx = rest
            continue
        pair = next(((i, j) for i in idx for j in idx if i < j and A[i][j] != 0), None)
        if pair is None:
            zero += len(idx)
            break
        i, j = pair
        pos, neg = pos + 1, neg + 1  # [[0,b],[b,0]] has eigenvalues +-|b|
        b = A[i][j]
        rest = [k for k in idx if k not in pair]
        # Schur complement: A_rr - A_rP P^{-1} A_Pr with P^{-1} = [[0,1/b],[1/b,0]]
        for k in rest:
            ci, cj = A[k][i], A[k][j]
            if ci == 0 and cj == 0:
                continue
            for m in rest:
                A[k][m] -= (ci * A[j][m] + cj * A[i][m]) / b
        idx = rest
    return pos, zero, neg


def lstsq(X, y):
    """least-squares t for X t ~ y: the first independent columns solved, the
    others 0 (the C prover's choice: rref with free variables 0)"""
    n, d = len(X), len(X[0])
    cols, idx = [], []
    for c in range(d):
        cand = cols + [[X[i][c] for i in range(n)]]
        if rank([list(r) for r in zip(*cand)]) == len(cand):
            cols, idx = cand, idx + [c]
    t = [Q(0)] * d
    if cols:
        k = len(cols)
        G = [[sum(a * b for a, b in zip(cols[p], cols[q])) for q in range(k)] for p in range(k)]
        for c, v in zip(idx, solve(G, [sum(a * b for a, b in zip(cols[p], y)) for p in range(k)])):
            t[c] = v
    return t


def lstsq_risk(X, y):
    """min_t (1/n) |X t - y|^2, exactly"""
    t = lstsq(X, y)
    return sum((sum(a * b for a, b in zip(row, t)) - v) ** 2 for row, v in zip(X, y)) / len(X)


def solve(G, b):
    k = len(G)
    M = [list(G[i]) + [b[i]] for i in range(k)]
    for c in range(k):
        p = next(i for i in range(c, k) if M[i][c] != 0)
        M[c], M[p] = M[p], M[c]
        for i in range(k):
            if i != c and M[i][c] != 0:
                f = M[i][c] / M[c][c]
                M[i] = [a - f * bb for a, bb in zip(M[i], M[c])]
    return [M[i][k] / M[i][i] for i in range(k)]


# ---------------------------------------------------------------- the report
def analyse(spec):
    net = Net(spec)
    out = {"min_abs_pre": None}
    try:
        out["min_abs_pre"] = min_abs_preactivation(net)
        L = landscape(net)
    except NotTwiceDifferentiable as e:
        out["twice_differentiable"] = False
        out["at"] = e.args[0]
        return out
    out["twice_differentiable"] = True
    out.update(L)
    n = len(net.X)
    out["critical"] = all(g == 0 for g in L["grad"])
    # representation coverage: rank of sum l'' h h^T = 2 H^T H: rank of H
    out["rep_rank"] = rank(L["hL"])
    out["rep_coverage"] = out["rep_rank"] == net.dx
    Us = [row for b in net.blocks[1:] for row in b.get("U", [])]
    out["param_rank"] = rank(Us) if Us else 0
    out["param_coverage"] = out["param_rank"] < net.dx
    out["R_lin"] = lstsq_risk(net.X, net.y)
    out["R_lin_biased"] = lstsq_risk([list(r) + [Q(1)] for r in net.X], net.y)
    out["inertia"] = inertia(L["hess"])
    out["w_zero"] = all(v == 0 for v in net.w)
    out["n"] = n
    return out


def classify(a):
    p, z, m = a["inertia"]
    if m > 0:
        return "strict saddle"
    if z == 0:
        return "local minimum (H > 0)"
    return "degenerate (n0 > 0, n- = 0: second-order test inconclusive)"


def fstr(q):
    return str(q)


def spec_json(spec):
    """Spec with every number as a string, as docs/specs.md wants."""
    def conv(v):
        if isinstance(v, list):
            return [conv(x) for x in v]
        if isinstance(v, (Q, int)):
            return str(Q(v))
        return v
    out = {}
    for k, v in spec.items():
        if k == "blocks":
            out[k] = [{bk: conv(bv) for bk, bv in b.items()} for b in v]
        elif k in ("X", "y", "w"):
            out[k] = conv(v)
        else:
            out[k] = v
    return json.dumps(out, indent=1) + "\n"


def summary(a):
    if not a["twice_differentiable"]:
        return "not twice differentiable at %s" % (a["at"],)
    return ("R=%s R_lin=%s critical=%s rep=%d/%s param_rank=%d inertia=%s %s"
            % (a["risk"], a["R_lin"], a["critical"], a["rep_rank"], a["rep_coverage"],
               a["param_rank"], a["inertia"], classify(a)))

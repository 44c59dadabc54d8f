#!/usr/bin/python3
"""li18 statements that must be right on any data (issue 8 §5), each tested
on data where its naive form is false:

- n = 2 multiplicities: M = 2I, a singular M and an M^T M with a repeated
  eigenvalue; results.H_eigenvalues against SymPy's charpoly of the
  certificate's Hessian, the report's words, and a certificate claiming the
  naive multiplicity R d rejected by `rescheck check`.
- ReLU at zero arguments: sigma_pre = ReLU with a zero input coordinate at
  R = 1 (constant argument: differentiable) and R = 3 (moved by unit 1: the
  kink is named and the Hessian statements are marked); mid and post ReLU;
  pre ReLU at n = 2 (the kink enters at order 4: the Hessian is the loss's
  own); n = 3; data without a zero; a dataset whose kinks cancel. Every
  witness that the loss itself has no gradient or Hessian is recomputed here
  from the network's definition: the loss along the witness's rays, with
  max(0, .) itself, evaluated exactly at small t > 0 and interpolated.
- n = 1 stationarity: the built-in data (gradient sigma_post'(0) M != 0, not
  stationary) against Y = X, X = 0 and sigma_post'(0) = 0 (stationary).
Prints TAP; exit 1 on any failure."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction as F

import sympy as sp

RC = sys.argv[1]
SRC = sys.argv[2]
tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def builtin(name):
    with open(os.path.join(SRC, "src/claims/data", name)) as fh:
        return json.load(fh)


def net_spec(X, Y, n, R, pre="identity", mid="identity", post="identity"):
    return {"kind": "li18.nshortcut", "d": len(X), "m": len(X[0]), "n": n, "R": R,
            "X": [[str(v) for v in row] for row in X], "Y": [[str(v) for v in row] for row in Y],
            "activations": {"pre": pre, "mid": mid, "post": post}}


def verify(spec, tmp, name):
    """runs rescheck verify on spec; (process, certificate, its path)"""
    f = os.path.join(tmp, name + ".json")
    with open(f, "w") as fh:
        json.dump(spec, fh)
    claim = "li18.thm2-n%d" % min(spec["n"], 3)
    cdir = os.path.join(tmp, "c-" + name)
    p = subprocess.run([RC, "verify", claim, "--spec", f, "--cert-dir", cdir],
                       capture_output=True, text=True)
    files = sorted(os.listdir(cdir)) if os.path.isdir(cdir) else []
    path = os.path.join(cdir, files[0]) if len(files) == 1 else None
    cert = json.load(open(path)) if path else None
    return p, cert, path


def rc_check(path):
    return subprocess.run([RC, "check", path], capture_output=True, text=True)


def valid(path):
    """rescheck check accepts the certificate (whatever the claim's verdict)"""
    r = rc_check(path)
    return ": valid," in r.stdout and "REJECTED" not in r.stderr


def tampered(cert, path, edit):
    """a copy of cert changed by edit, its hash recomputed; rescheck check's result"""
    doc = json.loads(json.dumps(cert))
    edit(doc)
    body = {k: v for k, v in doc.items() if k != "sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    bad = path + ".tampered.json"
    with open(bad, "w") as fh:
        json.dump(doc, fh, sort_keys=True, indent=2)
    return rc_check(bad)


def lines(proc, word):
    return [l for l in proc.stdout.splitlines() if word in l]


# ---------------------------------------------------------------- n = 2 multiplicities

LAM = sp.Symbol("lam")


def m_spec(M, R):
    """X = I, m = d, Y = I - d M, so that (1/m)(X - Y) X^T = M"""
    d = len(M)
    X = [[F(int(i == j)) for j in range(d)] for i in range(d)]
    Y = [[X[i][j] - d * F(M[i][j]) for j in range(d)] for i in range(d)]
    return net_spec(X, Y, 2, R)


def hessian(cert):
    res, inp = cert["results"], cert["inputs"]
    N = inp["R"] * inp["n"] * inp["d"] ** 2
    H = sp.zeros(N, N)
    for p, q, v in res["hessian"]:
        H[p, q] = H[q, p] = sp.Rational(F(v))
    return H


def multiplicities(tmp, label, M, R, want, text):
    p, cert, path = verify(m_spec(M, R), tmp, label)
    d = len(M)
    check("%s: verify exits 0 and writes a certificate" % label, p.returncode == 0 and cert,
          p.stdout[-500:] + p.stderr)
    if not cert:
        return
    ev = cert["results"]["H_eigenvalues"]
    got = [(f["mu_poly"], f["exponent"], f["multiplicity"]) for f in ev["families"]]
    check("%s: results.H_eigenvalues = %s" % (label, want), (got, ev["zero_multiplicity"]) == want,
          "got %s" % ((got, ev["zero_multiplicity"]),))
    # charpoly(H) = lam^Z prod p(lam^2)^mult, from the certificate's own Hessian
    cp = hessian(cert).charpoly(LAM).as_expr()
    expect = LAM ** ev["zero_multiplicity"]
    for f in ev["families"]:
        pl = sum(int(c) * LAM ** (2 * k) for k, c in enumerate(f["mu_poly"]))
        expect *= (pl / int(f["mu_poly"][-1])) ** f["multiplicity"]
    check("%s: charpoly(H) (SymPy, from the certificate's Hessian) = lam^Z prod p(lam^2)^mult"
          % label, sp.expand(cp - expect) == 0)
    naive = all(f["multiplicity"] == R * d for f in ev["families"]) and ev["zero_multiplicity"] == 0
    check("%s: the naive 'each eigenvalue has multiplicity R d = %d' is false here" % (label, R * d),
          not naive)
    check("%s: the report says %r" % (label, text), any(text in l for l in lines(p, "eigenvalues of H")),
          "\n".join(lines(p, "eigenvalues of H")))
    check("%s: rescheck check accepts the certificate" % label, valid(path))

    def naive_edit(doc):
        for f in doc["results"]["H_eigenvalues"]["families"]:
            f["multiplicity"] = R * d
        doc["results"]["H_eigenvalues"]["zero_multiplicity"] = 0
    r = tampered(cert, path, naive_edit)
    check("%s: a certificate with the naive multiplicities is rejected" % label,
          r.returncode == 1 and "H_eigenvalues" in r.stderr, r.stderr)


# ---------------------------------------------------------------- ReLU

def act(spec):
    if spec == "identity":
        return lambda u: u
    if spec == "relu":
        return lambda u: max(F(0), u)
    der = [F(c) for c in spec["derivatives"]]
    fact = [1]
    for k in range(1, len(der)):
        fact.append(fact[-1] * k)
    return lambda u: sum(c * u ** k / fact[k] for k, c in enumerate(der))


def loss(spec, w):
    """the loss of the network (Definitions 1-2) at the weights w = {p: value}"""
    d, m, n, R = spec["d"], spec["m"], spec["n"], spec["R"]
    pre, mid, post = (act(spec["activations"][k]) for k in ("pre", "mid", "post"))
    W = {}
    for p, v in w.items():
        i, j, rl = p % d, p // d % d, p // (d * d)
        W[(rl // n, rl % n, i, j)] = v
    total = F(0)
    for mu in range(m):
        h = [F(spec["X"][i][mu]) for i in range(d)]
        for r in range(R):
            z = [pre(v) for v in h]
            for l in range(n):
                z = [sum(W.get((r, l, i, j), 0) * z[j] for j in range(d)) for i in range(d)]
                z = [(mid if l + 1 < n else post)(v) for v in z]
            h = [h[i] + z[i] for i in range(d)]
        total += sum((h[i] - F(spec["Y"][i][mu])) ** 2 for i in range(d))
    return total / (2 * m)


T = sp.Symbol("t")


def ray_coeffs(spec, ray):
    """c0, c1, c2 of L(t x) for small t > 0: L at 17 points t = k/10^9 is one
    polynomial piece of degree <= 15 (checked: the interpolant's t^16
    coefficient is 0), interpolated exactly"""
    pts = []
    for k in range(1, 18):
        t = F(k, 10 ** 9)
        v = loss(spec, {p: s * t for p, s in ray.items()})
        pts.append((sp.Rational(t), sp.Rational(v)))
    P = sp.Poly(sp.interpolate(pts, T), T)
    cs = P.all_coeffs()[::-1] + [0] * 17
    return [cs[0], cs[1], cs[2]], cs[16] == 0


def witness_value(spec, w):
    p, q = w["u"], w["v"]
    rays = {"u": {p: 1}, "-u": {p: -1}}
    if p != q:
        rays.update({"v": {q: 1}, "u+v": {p: 1, q: 1}, "u-v": {p: 1, q: -1}})
    c, one_piece = {}, True
    for k, r in rays.items():
        c[k], ok = ray_coeffs(spec, r)
        one_piece &= ok
    test = w["test"]
    if test == "odd":
        D = c["u"][1] + c["-u"][1]
    elif test == "additive":
        D = c["u+v"][1] - c["u"][1] - c["v"][1]
    elif test == "even":
        D = c["u"][2] - c["-u"][2]
    else:
        D = c["u+v"][2] + c["u-v"][2] - 2 * c["u"][2] - 2 * c["v"][2]
    return D, one_piece


TAG = "(holds for Assumption 3's approximation, not for the loss itself)"


def relu_case(tmp, label, spec, kinks, order, tagged, untagged, witness, extra=()):
    """kinks: the (position, kind) classes expected; order: the expected
    approximation_from_order; tagged/untagged: report words whose lines must
    (not) carry the tag; witness: the expected witness order, 0 for none
    expected, None when no witness is searched"""
    p, cert, path = verify(spec, tmp, label)
    check("%s: verify exits 0 (3: undecided growth) and writes a certificate" % label,
          p.returncode in (0, 3) and cert, p.stdout[-500:] + p.stderr)
    if not cert:
        return
    rel = cert["results"]["relu"]
    classes = [(c["position"], c["kind"]) for c in rel["zero_arguments"]] if rel else []
    check("%s: zero-argument classes %s" % (label, kinks), classes == kinks, "got %s" % classes)
    check("%s: approximation_from_order = %s" % (label, order),
          rel is not None and rel["approximation_from_order"] == order, json.dumps(rel))
    for word in tagged:
        ls = lines(p, word)
        check("%s: '%s' is marked as holding for the approximation" % (label, word),
              ls and all(l.endswith(TAG) for l in ls), "\n".join(ls))
    for word in untagged:
        ls = lines(p, word)
        check("%s: '%s' holds for the loss itself (no mark)" % (label, word),
              ls and not any(TAG in l for l in ls), "\n".join(ls))
    for word in extra:
        check("%s: the report says %r" % (label, word), lines(p, word),
              "\n".join(l for l in p.stdout.splitlines() if "note" in l))
    w = rel["loss_witness"] if rel else None
    if witness is None:
        check("%s: no witness searched" % label, w is None and rel["witness_candidates"] == 0)
    elif witness == 0:
        check("%s: no witness found; the report says it is not decided" % label,
              w is None and lines(p, "is not decided"), json.dumps(rel))
    else:
        check("%s: a witness of order %d" % (label, witness), w and w["order"] == witness,
              json.dumps(rel))
        if w:
            D, one_piece = witness_value(spec, w)
            check("%s: the witness's defect, recomputed from max(0, .) along its rays, is %s != 0"
                  % (label, w["defect"]), one_piece and D == sp.Rational(F(w["defect"])) and D != 0,
                  "recomputed %s (one piece: %s)" % (D, one_piece))
            r = tampered(cert, path, lambda doc: doc["results"]["relu"]["loss_witness"]
                         .__setitem__("defect", str(F(w["defect"]) + 1)))
            check("%s: a certificate with another defect is rejected" % label, r.returncode == 1,
                  r.stderr)
    check("%s: rescheck check accepts the certificate" % label, valid(path))


# data with zero coordinates: sample 1 has x_2 = 0, sample 3 has x_1 = 0
XZ = [[1, 0, 2, 0], [0, 2, 1, 3]]
YZ = [[0, 1, 0, 1], [1, 0, 1, 0]]
XNZ = [[1, -2, 2, -1], [3, 2, 1, 3]]

HESS1 = ["(10):", "general form (any", "cond(H) at depth"]
HESS2 = ["(8): the", "(23) holds", "(25) holds", "(22), (26)", "eigenvalues of H", "(9):", "saddle"]


def relu_cases(tmp):
    relu_case(tmp, "pre ReLU, zero coordinate, n = 1, R = 1", net_spec(XZ, YZ, 1, 1, pre="relu"),
              [("pre", "constant")], None, [], ["gradient at 0"] + HESS1, None,
              ["first at sample 1, unit 1, coordinate 2", "is constant near w = 0",
               "every ReLU is differentiable at w = 0"])
    relu_case(tmp, "pre ReLU, zero coordinate, n = 1, R = 3", net_spec(XZ, YZ, 1, 3, pre="relu"),
              [("pre", "both signs"), ("pre", "constant")], 2, HESS1, ["gradient at 0"], 2,
              ["first at sample 1, unit 2, coordinate 2 (h_2, x^1_2 = 0)", "passes through ReLU's kink",
               "the loss itself has no second-order Taylor expansion"])
    relu_case(tmp, "pre ReLU, no zero coordinate, n = 1, R = 3", net_spec(XNZ, YZ, 1, 3, pre="relu"),
              [], None, [], ["gradient at 0"] + HESS1, None, ["every ReLU is differentiable"])
    relu_case(tmp, "post ReLU, n = 1, R = 2", net_spec(XZ, YZ, 1, 2, post="relu"),
              [("post", "both signs")], 1, ["gradient at 0"] + HESS1, [], 1,
              ["the loss itself is not differentiable"])
    relu_case(tmp, "mid ReLU, n = 2, R = 2", net_spec(XZ, YZ, 2, 2, mid="relu"),
              [("mid", "both signs")], 2, HESS2, ["gradient at 0 is zero"], 2,
              ["first at sample 1, unit 1, coordinate 1 (after W^{1,1})"])
    relu_case(tmp, "post ReLU, n = 2, R = 2", net_spec(XZ, YZ, 2, 2, post="relu"),
              [("post", "both signs")], 2, HESS2, ["gradient at 0 is zero"], 2)
    relu_case(tmp, "pre ReLU, zero coordinate, n = 2, R = 3", net_spec(XZ, YZ, 2, 3, pre="relu"),
              [("pre", "both signs"), ("pre", "constant")], 4, [], ["gradient at 0 is zero"] + HESS2,
              None, ["differs from the loss by O(|w|^4)"])
    relu_case(tmp, "mid ReLU, n = 3, R = 1", net_spec(XZ, YZ, 3, 1, mid="relu"),
              [("mid", "both signs")], 3, ["the order-3 part"], ["Taylor expansion", "zero matrix"],
              None)
    # sigma_post >= 0 (ReLU) or <= 0 (-u^2) near 0: unit 1 moves h_2 one way only
    relu_case(tmp, "pre and post ReLU, zero coordinate, n = 1, R = 3",
              net_spec(XZ, YZ, 1, 3, pre="relu", post="relu"),
              [("pre", "nonnegative"), ("pre", "constant"), ("post", "both signs")], 1,
              ["gradient at 0"] + HESS1, [], 1, ["so ReLU(h_j) = h_j there"])
    relu_case(tmp, "pre ReLU, zero coordinate, sigma_post = -u^2, n = 1, R = 3",
              net_spec(XZ, YZ, 1, 3, pre="relu", post={"derivatives": ["0", "0", "-2"]}),
              [("pre", "nonpositive"), ("pre", "constant")], 2, HESS1[:1], ["gradient at 0"], 0,
              ["so ReLU(h_j) = 0 there: differentiable, but the right-hand piece (slope 1) is not its expansion"])
    # sample 2 has sigma_pre(x) = ReLU(-1) = 0: nothing moves there
    relu_case(tmp, "mid ReLU, a sample that never moves", net_spec([[1, -1]], [[0, 2]], 2, 1, pre="relu", mid="relu"),
              [("mid", "both signs"), ("mid", "constant")], 2, HESS2[:1], [], 2,
              ["first at sample 2, unit 1, coordinate 1 (after W^{1,1}): the argument is 0 at w = 0 and is constant"])
    # two equal inputs with opposite residuals: e_mu w2 ReLU(w1 x) cancel in
    # the loss, which is 1/2 + O(|w|^4): no witness exists
    relu_case(tmp, "mid ReLU, kinks cancelling across samples", net_spec([[1, 1]], [[0, 2]], 2, 1, mid="relu"),
              [("mid", "both signs")], 2, HESS2[:1], [], 0)


# ---------------------------------------------------------------- n = 1 stationarity

def stationarity(tmp):
    base = builtin("li18-n1.json")
    cases = [("built-in data", base, False, "is not a stationary point"),
             ("Y = X", dict(base, Y=base["X"]), True, "here M = 0"),
             ("X = 0", dict(base, X=[["0"] * base["m"]] * base["d"]), True, "here M = 0"),
             ("sigma_post'(0) = 0", dict(base, activations={"pre": "identity", "mid": "identity",
                                                            "post": {"derivatives": ["0", "0", "1"]}}),
              True, "here sigma_post'(0) = 0")]
    for label, spec, stationary, words in cases:
        p, cert, path = verify(spec, tmp, "n1-" + label.replace(" ", "_").replace("'", ""))
        res = cert["results"] if cert else {}
        check("n = 1, %s: results.stationary = %s, gradient_is_tM" % (label, stationary),
              res.get("stationary") is stationary and res.get("gradient_is_tM") is True, json.dumps(
                  {k: res.get(k) for k in ("stationary", "gradient_is_tM")}))
        ls = lines(p, "gradient at 0")
        ok = ls and words in ls[0] and ("0 is a stationary point of the loss" in ls[0]) == stationary
        check("n = 1, %s: the gradient line says %r" % (label, words), ok, "\n".join(ls))
        if not stationary:  # the gradient, from the loss's definition: dL/dw_0 = sigma_post'(0) M_11
            M = sp.Matrix(spec["d"], spec["d"], lambda i, j: sum(
                (F(spec["X"][i][mu]) - F(spec["Y"][i][mu])) * F(spec["X"][j][mu])
                for mu in range(spec["m"])) / spec["m"])
            c, one = ray_coeffs(spec, {0: 1})
            check("n = 1, %s: dL/dw^{1,1}_{11} from the loss's definition is M_11 = %s != 0"
                  % (label, M[0, 0]), one and c[1] == M[0, 0] != 0, "got %s" % c[1])
        check("n = 1, %s: rescheck check accepts the certificate" % label,
              path and valid(path))
        if path:
            r = tampered(cert, path, lambda doc: doc["results"].__setitem__("stationary", not stationary))
            check("n = 1, %s: a certificate with stationary flipped is rejected" % label,
                  r.returncode == 1, r.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        multiplicities(tmp, "M = 2I, d = 2, R = 3", [[2, 0], [0, 2]], 3,
                       ([(["-4", "1"], 2, 12)], 0), "+-2 (mu = 4): e = 2, multiplicity e R d = 12 each")
        multiplicities(tmp, "M singular, d = 2, R = 3", [[1, 0], [0, 0]], 3,
                       ([(["-1", "1"], 1, 6)], 12),
                       "0: mu = 0 has multiplicity z = 1 in c ((s t)^2 M^T M is singular), so H has the eigenvalue 0 with multiplicity 2 z R d = 12")
        multiplicities(tmp, "M^T M = diag(4, 1, 4), d = 3, R = 2", [[2, 0, 0], [0, 0, 2], [0, 1, 0]], 2,
                       ([(["-4", "1"], 2, 12), (["-1", "1"], 1, 6)], 0),
                       "+-2 (mu = 4): e = 2, multiplicity e R d = 12 each; +-1 (mu = 1): e = 1, multiplicity e R d = 6 each")
        relu_cases(tmp)
        stationarity(tmp)
    bad = 0
    for i, (desc, ok, diag) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, desc))
        if not ok:
            bad += 1
            for line in str(diag).splitlines():
                print("# " + line)
    print("1..%d" % len(tests))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The (b) instance of yun19.response is not a local minimum, though its Hessian
has no negative eigenvalue: along the curve
    W_1[0,0] = eps, W_2 = eps I, w = eps^2 (delta, 0)   (everything else as at theta*)
R(theta(eps)) - R(theta*) is computed exactly as a polynomial in eps and delta
(SymPy), with every ReLU pattern checked not to depend on eps. It is
delta eps^4 (9 delta eps^4 + 6 delta eps^2 + 10 delta - 6) / 10: negative for
delta = 1/10 and 0 < |eps| <= 1, so R decreases at fourth order, which the
second-order test cannot see (docs/claims.md, yun19.response)."""
import json
import os

import sympy as sp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
R = sp.Rational


def mv(M, v):
    return [sum(a * b for a, b in zip(r, v)) for r in M]


def descent():
    doc = json.load(open(os.path.join(ROOT, "src/claims/data/yun19-response.json")))
    s = next(i["spec"] for i in doc["instances"] if i["name"] == "b-tunable-skip")
    e, d = sp.symbols("epsilon delta")
    b1, b2 = s["blocks"]
    W1 = [[R(b1["W"][0][0]) + e, R(b1["W"][0][1])], [R(v) for v in b1["W"][1]]]
    W2 = [[R(b2["W"][i][j]) + (e if i == j else 0) for j in range(2)] for i in range(2)]
    w = [R(s["w"][0]) + e ** 2 * d, R(s["w"][1])]
    q = lambda M: [[R(v) for v in r] for r in M]
    tot, r0 = 0, 0
    for x, yi in zip(q(s["X"]), [R(v) for v in s["y"]]):
        z1 = [p + R(a) for p, a in zip(mv(q(b1["A"]), x), b1["a"])]
        assert all(zz.free_symbols == set() and zz < 0 for zz in z1)  # block 1 dead for every eps
        h1 = mv(W1, x)
        z2 = [p + R(a) for p, a in zip(mv(q(b2["A"]), mv(q(b2["U"]), h1)), b2["a"])]
        assert all(not zz.free_symbols and zz != 0 for zz in z2)  # pattern free of eps
        h2 = [p + u for p, u in zip(mv(W2, h1), mv(q(b2["V"]), [max(zz, 0) for zz in z2]))]
        f = sum(a * b for a, b in zip(w, h2))
        tot += (f - yi) ** 2
        r0 += yi ** 2  # f(theta*) = 0
    return sp.factor(sp.expand((tot - r0) / len(s["X"]))), e, d


if __name__ == "__main__":
    poly, e, d = descent()
    print("R(theta(eps)) - R(theta*) =", poly)
    p = sp.factor(poly.subs(d, R(1, 10)))
    # negative on 0 < |eps| <= 1: eps^4 > 0 and the other factor's max there is < 0
    other = sp.cancel(p / e ** 4)
    # a polynomial in eps^2 with nonnegative non-constant coefficients grows with |eps|
    c = sp.Poly(other, e).all_coeffs()
    assert all(v >= 0 for v in c[:-1]) and other.subs(e, 1) < 0
    print("delta = 1/10:", p, "< 0 for 0 < |eps| <= 1")

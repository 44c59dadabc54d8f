#!/usr/bin/env python3
"""claim.lsq and claim.matrix against an independent computation (SymPy) on
seeded random specs: the least-squares risk (rational and rho-dependent data,
singular designs included) and the rank of the design; the charpoly, rank,
inertia and real spectrum (with multiplicity, enclosures containing SymPy's
30-digit values) and the number of nonreal eigenvalues of random matrices.
usage: t-user-cas.py RESCHECK"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from fractions import Fraction

import sympy as sp

RC = sys.argv[1]
rho = sp.Symbol("rho")
n_test = 0
failed = 0


def check(ok, desc, detail=""):
    global n_test, failed
    n_test += 1
    print(("ok" if ok else "not ok") + f" {n_test} - {desc}")
    if not ok:
        failed += 1
        for line in str(detail).splitlines()[:6]:
            print("# " + line)


def qrho(j):
    num = sum(sp.Rational(c) * rho**k for k, c in enumerate(j["num"]))
    den = sum(sp.Rational(c) * rho**k for k, c in enumerate(j["den"]))
    return num / den


def run(claim, spec, tmp):
    path = os.path.join(tmp, spec["id"] + ".spec.json")
    json.dump(spec, open(path, "w"))
    r = subprocess.run([RC, "verify", claim, "--spec", path, "--cert-dir", tmp],
                       capture_output=True, text=True)
    cert = json.load(open(os.path.join(tmp, spec["id"] + ".json")))
    return r, cert


rng = random.Random(20261202)


def q():
    return Fraction(rng.randint(-7, 7), rng.choice([1, 1, 2, 3, 5]))


def entry(dep):
    if not dep or rng.random() < 0.5:
        return str(q())
    return rng.choice([f"{q()}*rho", f"rho^2+{abs(q())}", f"1/(rho+{rng.randint(1, 5)})", f"{q()}-rho"])


with tempfile.TemporaryDirectory() as tmp:
    # ---- lsq ----------------------------------------------------------------
    for t in range(14):
        dep = t % 2 == 1
        n, d = rng.randint(2, 7), rng.randint(1, 3)
        fit = ["affine", "origin", "constant"][t % 3]
        x = [[entry(dep) for _ in range(d)] for _ in range(n)]
        if t % 4 == 0 and d >= 2:
            for row in x:  # feature 2 = 3 x feature 1: a singular design
                row[1] = f"3*({row[0]})"
        y = [entry(dep) for _ in range(n)]
        spec = {"kind": "claim.lsq", "id": f"cas-l{t}", "fit": fit, "x": x, "y": y}
        r, cert = run("lsq", spec, tmp)
        # SymPy in exact rationals at rational points rho0 (for rho-dependent data the
        # generic rank and the risk as a function of rho are compared there)
        got = qrho(cert["results"]["risk"])
        for rho0 in ([sp.Rational(7, 3), sp.Rational(-11, 5), sp.Rational(13, 2)] if dep else [0]):
            ev = lambda e: sp.sympify(e, locals={"rho": rho}).subs(rho, rho0)
            X = sp.Matrix([[ev(e) for e in row] for row in x])
            Y = sp.Matrix([ev(e) for e in y])
            cols = ([X[:, k] for k in range(d)] if fit != "constant" else []) + \
                   ([sp.ones(n, 1)] if fit != "origin" else [])
            A = sp.Matrix.hstack(*cols)
            _, piv = (A.T * A).rref()
            Ab = A.extract(list(range(n)), list(piv))
            theta = (Ab.T * Ab).LUsolve(Ab.T * Y)
            res = Ab * theta - Y
            risk = sum(e**2 for e in res) / n
            check(got.subs(rho, rho0) == risk,
                  f"lsq {spec['id']} ({fit}, {n}x{d}{', rho' if dep else ''}): risk at rho = {rho0} is {risk}",
                  f"SymPy {risk}; {r.stdout}")
            check(cert["results"]["rank"] == len(piv),
                  f"lsq {spec['id']}: rank {cert['results']['rank']} = SymPy's {len(piv)} at rho = {rho0}")
        check(cert["verdict"] == "verified" and r.returncode == 0, f"lsq {spec['id']}: verified", r.stdout + r.stderr)

    # ---- matrix -------------------------------------------------------------
    for t in range(12):
        n = rng.randint(1, 5)
        M = [[str(q()) for _ in range(n)] for _ in range(n)]
        sym = t % 3 != 2
        if sym:
            for i in range(n):
                for j in range(i):
                    M[i][j] = M[j][i]
        if t % 4 == 1 and n >= 3:  # a singular one: row 2 = row 0 + row 1
            M[2] = [str(Fraction(M[0][k]) + Fraction(M[1][k])) for k in range(n)]
            if sym:
                for i in range(n):
                    M[i][2] = M[2][i]
                M[2][2] = str(Fraction(M[0][2]) + Fraction(M[1][2]))
        spec = {"kind": "claim.matrix", "id": f"cas-m{t}", "matrix": M}
        r, cert = run("matrix", spec, tmp)
        R = cert["results"]
        S = sp.Matrix([[sp.Rational(e) for e in row] for row in M])
        lam = sp.Symbol("lambda")
        cp = sp.Poly(S.charpoly(lam).as_expr(), lam)
        mine = [sp.Rational(c) for c in R["charpoly"]]
        check(list(reversed(cp.all_coeffs())) == mine, f"matrix {spec['id']} ({n}x{n}): charpoly", f"{cp} vs {mine}")
        check(R["rank"] == S.rank(), f"matrix {spec['id']}: rank {R['rank']}")
        roots = sp.real_roots(cp)  # with multiplicity, ascending
        listed = []
        for e in R["real_eigenvalues"]:
            listed += [e] * e["multiplicity"]
        ok = len(roots) == len(listed)
        for root, e in zip(roots, listed):
            v = sp.N(root, 40)
            m = re.fullmatch(r"\[(\S+) \+/- (\S+)\]", e["enclosure"])
            if m:
                ok &= abs(v - sp.Float(m.group(1), 40)) <= sp.Float(m.group(2), 40)
            else:
                ok &= sp.Rational(e["enclosure"]) == root
        check(ok, f"matrix {spec['id']}: {len(roots)} real eigenvalues, each inside its enclosure",
              json.dumps(R["real_eigenvalues"])[:400] + f" vs {roots}")
        nonreal = cp.degree() - len(roots)
        pairs = sum(e["multiplicity"] for e in R["complex_eigenvalues"])
        check(2 * pairs == nonreal, f"matrix {spec['id']}: {nonreal} nonreal eigenvalues")
        if sym:
            pos = sum(1 for z in roots if z > 0)
            neg = sum(1 for z in roots if z < 0)
            inert = R["inertia"]
            check((inert["positive"], inert["zero"], inert["negative"]) == (pos, n - pos - neg, neg),
                  f"matrix {spec['id']}: inertia ({pos}, {n - pos - neg}, {neg})", json.dumps(inert))
        c = subprocess.run([RC, "check", os.path.join(tmp, spec["id"] + ".json")], capture_output=True, text=True)
        check(c.returncode == 0, f"matrix {spec['id']}: its certificate checks", c.stdout + c.stderr)

print(f"1..{n_test}")
sys.exit(1 if failed else 0)

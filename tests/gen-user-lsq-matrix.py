#!/usr/bin/env python3
"""Random claim.lsq and claim.matrix specs for the prover/checker agreement run
in t-user-lsq-matrix.sh: small rational or rho-dependent datasets (some with a
duplicated feature: singular designs), small matrices (some symmetric, some with
two equal rows: singular), random printed values. Writes 24 specs into the
current directory.  usage: gen-user-lsq-matrix.py SEED"""
import json, random, sys
random.seed(int(sys.argv[1]))
def q():
    a = random.randint(-6, 6); b = random.choice([1, 1, 1, 2, 3])
    return f"{a}/{b}" if b > 1 else str(a)
def qr():
    k = random.random()
    if k < 0.5: return q()
    return random.choice(["rho", f"{q()}*rho", f"rho^2-{abs(random.randint(0,3))}", f"1/(rho+{random.randint(1,4)})", f"{q()}+rho"])
specs = []
for t in range(12):
    n = random.randint(1, 6); d = random.randint(1, 3)
    fit = random.choice(["affine", "constant", "origin"])
    x = [[random.choice([q(), q(), qr()]) for _ in range(d)] for _ in range(n)]
    if random.random() < 0.3 and d >= 2:
        for r in x: r[1] = r[0]  # dependent columns
    s = {"kind": "claim.lsq", "id": f"l{t}", "fit": fit, "risk": random.choice(["mean", "sum", "half_mean"]),
         "x": x, "y": [qr() for _ in range(n)]}
    if random.random() < 0.5: s["printed"] = {"risk": random.choice(["0", "1/2", "0.5", "rho"])}
    specs.append(s)
for t in range(12):
    n = random.randint(1, 6)
    M = [[q() for _ in range(n)] for _ in range(n)]
    if random.random() < 0.6:
        for i in range(n):
            for j in range(i): M[i][j] = M[j][i]
    if random.random() < 0.3 and n >= 2:
        M[1] = list(M[0])
    s = {"kind": "claim.matrix", "id": f"m{t}", "matrix": M, "digits": random.choice([5, 30, 60])}
    if random.random() < 0.5: s["printed"] = {"rank": random.randint(0, n), "eigenvalues": [random.choice(["0", "1.0", "-1", "2.5"]) for _ in range(random.randint(1, n))]}
    specs.append(s)
for s in specs:
    json.dump(s, open(s["id"] + ".json", "w"))

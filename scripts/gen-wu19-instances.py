#!/usr/bin/env python3
"""Generates src/claims/data/wu19-init.json: rescheck's own rational instances
of the rectangular ZAS initialisation (wu19 author response). U and V come
from Cayley seeds (random small skew-symmetric rational matrices), singular
values are exact (L-1)-th powers of small rationals, X and Y small integers.
Seeded, so the file is reproducible: python3 scripts/gen-wu19-instances.py"""
import json, random
from fractions import Fraction as F

rng = random.Random(19)

def skew(n):
    S = [["0"] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            v = F(rng.randint(-3, 3), rng.randint(1, 3))
            S[i][j] = str(v)
            S[j][i] = str(-v)
    return S

def mat(r, c, lo=-3, hi=3):
    return [[str(rng.randint(lo, hi)) for _ in range(c)] for _ in range(r)]

def inst(name, widths, roots, n):
    L = len(widths) - 1
    m = min(widths[0], widths[L - 1])
    assert len(roots) == m
    return {"name": name, "widths": widths,
            "sigma": [str(F(r) ** (L - 1)) for r in roots],
            "S_U": skew(widths[L - 1]), "S_V": skew(widths[0]),
            "X": mat(widths[0], n), "Y": mat(widths[L], n)}

spec = {"kind": "wu19.zas",
        "description": "wu19 rectangular ZAS on rescheck's own rational instances: U, V from "
                       "Cayley transforms of seeded skew-symmetric matrices, singular values "
                       "exact (L-1)-th powers (scripts/gen-wu19-instances.py)",
        "instances": [
            inst("square", [3, 3, 3, 3, 3], ["2", "1", "1/3"], 4),
            inst("tall", [2, 4, 4, 4, 3], ["2", "3/2"], 5),
            inst("wide", [4, 3, 2, 2], ["2", "1/2"], 3),
            inst("wider-inside", [2, 5, 6, 5, 3, 1], ["2", "1/2"], 4),
            inst("deep", [2] * 9, ["2", "1"], 3),
            inst("two-layer", [3, 2, 2], ["5/2", "1/3"], 3),
        ]}
out = "src/claims/data/wu19-init.json"
open(out, "w").write(json.dumps(spec, indent=2) + "\n")
print(out)

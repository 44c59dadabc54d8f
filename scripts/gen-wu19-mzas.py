#!/usr/bin/env python3
"""Writes src/claims/data/wu19-mzas.json: rescheck's own rational instances of
the wu19 response's nonlinear ResNet for claim wu19.mzas (the letter prints no
instance). Entries are small rationals drawn from a fixed seed; U and W are the
generic point beside mZAS (at mZAS they are taken as 0)."""
import json, random
from fractions import Fraction

def q(rng):
    return str(Fraction(rng.randint(-6, 6), rng.choice([1, 2, 3, 4, 5])))

def mat(rng, r, c):
    return [[q(rng) for _ in range(c)] for _ in range(r)]

def instance(name, seed, loss, d, D, H, C, n, L, depths):
    rng = random.Random(seed)
    return {"name": name, "loss": loss, "C": C, "X": mat(rng, n, d),
            "labels": [rng.randrange(C) for _ in range(n)], "V0": mat(rng, D, d),
            "V": [mat(rng, H, D) for _ in range(L)], "U": [mat(rng, D, H) for _ in range(L)],
            "W": mat(rng, C, D), "depths": depths}

spec = {"kind": "wu19.mzas",
        "description": "wu19 response, mZAS start of z_l = z_{l-1} + U_l relu(V_l z_{l-1}): "
                       "rescheck's rational instances (scripts/gen-wu19-mzas.py); U, W: a generic point beside it",
        "instances": [instance("squared-3x2x3", 1, "squared", 3, 2, 3, 3, 5, 6, [1, 2, 3, 6]),
                      instance("xent-4x3x2", 2, "xent", 4, 3, 2, 4, 6, 5, [0, 1, 5]),
                      instance("squared-2x4x4", 3, "squared", 2, 4, 4, 2, 4, 4, [1, 4])]}
with open("src/claims/data/wu19-mzas.json", "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")

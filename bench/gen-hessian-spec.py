#!/usr/bin/env python3
"""A deterministic li18.nshortcut spec: python3 gen-hessian-spec.py d m n R.
X[i][mu] = ((7*mu + 3*i + 1) * (i + 2)) mod 11 - 5, Y one-hot with class
(mu*mu + 3*mu + 1) mod d; identity activations."""
import json
import sys

d, m, n, R = (int(a) for a in sys.argv[1:5])
X = [[str(((7 * mu + 3 * i + 1) * (i + 2)) % 11 - 5) for mu in range(m)] for i in range(d)]
Y = [["1" if (mu * mu + 3 * mu + 1) % d == i else "0" for mu in range(m)] for i in range(d)]
json.dump({"kind": "li18.nshortcut", "d": d, "m": m, "n": n, "R": R, "X": X, "Y": Y,
           "activations": {"pre": "identity", "mid": "identity", "post": "identity"}}, sys.stdout)

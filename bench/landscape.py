#!/usr/bin/env python3
"""How 'rescheck landscape' (verify) and 'rescheck check' grow with the number
of parameters P and samples n, on seeded random ReLU ResNets (block 1 V
relu(h), blocks 2..L V relu(U h); entries p/q with |p| <= 6, q <= 3).

    python3 bench/landscape.py [RESCHECK] [--quick]

Times are medians of 3 runs, reported as ratios to a baseline measured in
the same run (process start-up: 'rescheck --version'), with the seconds
beside them; 'est' is the tool's own estimate ('verify thm2 --spec F
--estimate', the number the budget check refuses on) and the growth column
the exponent k in t ~ P^k between consecutive rows of the same n. With perf
installed, the last lines split one instance's time: prover (Hessian-vector
products vs the LDL^T elimination) and checker (jets vs the LDL^T check)."""
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

RC = "build/rescheck"
args = sys.argv[1:]
if args and not args[0].startswith("--"):
    RC = args.pop(0)
QUICK = "--quick" in args


def generic(sp):
    """no ReLU pre-activation is 0 at a data point (else the work stops early)"""
    F = lambda a: [[Fraction(v) for v in row] for row in a]
    for x in F(sp["X"]):
        h = x
        for b in sp["blocks"]:
            t = [sum(u * v for u, v in zip(row, h)) for row in F(b["U"])] if "U" in b else h
            if any(z == 0 for z in t):
                return False
            g = [max(z, 0) for z in t]
            h = [a + sum(v * z for v, z in zip(row, g)) for a, row in zip(h, F(b["V"]))]
    return True


def spec(d, L, m, n, seed):
    while True:
        sp = draw(d, L, m, n, seed)
        if generic(sp):
            return sp
        seed += 7919


def draw(d, L, m, n, seed):
    r = random.Random(seed)

    def q():
        return str(Fraction(r.choice([k for k in range(-6, 7) if k]), r.choice((1, 2, 3))))

    def M(a, b):
        return [[q() for _ in range(b)] for _ in range(a)]
    blocks = [{"phi": "relu", "V": M(d, d)}] + \
        [{"phi": "relu", "V": M(d, m), "U": M(m, d)} for _ in range(L - 1)]
    return {"kind": "yun19.resnet", "X": M(n, d), "y": [q() for _ in range(n)],
            "blocks": blocks, "w": [q() for _ in range(d)]}


def nparams(d, L, m):
    return d + d * d + (L - 1) * 2 * d * m


def timed(cmd, reps=3):
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), p


def estimate(path):
    p = subprocess.run([RC, "verify", "thm2", "--spec", path, "--estimate"], capture_output=True,
                       text=True)
    m = re.search(r"about ([0-9.e+-]+) s", p.stdout)
    return float(m.group(1)) if m else float("nan")


# (d, L, m, n): P = d + d^2 + (L - 1) 2 d m
CONFIGS = [(3, 2, 2, 10), (4, 3, 3, 10), (5, 3, 4, 10), (6, 3, 4, 10), (6, 4, 4, 10),
           (4, 3, 3, 40), (5, 3, 4, 40), (4, 3, 3, 160)]
if QUICK:
    CONFIGS = [c for c in CONFIGS if nparams(*c[:3]) <= 70 and c[3] <= 40]

base, _ = timed([RC, "--version"], 5)
print(f"baseline (process start-up): {base * 1000:.1f} ms")
print(f"{'P':>5} {'n':>4} {'verify':>18} {'est':>8} {'check':>18} {'growth v/c':>11}  cert")
prev = {}
with tempfile.TemporaryDirectory() as tmp:
    for d, L, m, n in CONFIGS:
        P = nparams(d, L, m)
        sp, cert = os.path.join(tmp, f"s{P}-{n}.json"), os.path.join(tmp, f"c{P}-{n}.json")
        json.dump(spec(d, L, m, n, P * 1000 + n), open(sp, "w"))
        est = estimate(sp)
        tv, pv = timed([RC, "landscape", "--spec", sp, "--cert", cert], 1 if P > 100 else 3)
        if pv.returncode not in (0, 1):
            print(f"{P:>5} {n:>4}  refused: {pv.stderr.strip()[:100]}")
            continue
        tc, pc = timed([RC, "check", cert], 1 if P > 100 else 3)
        grow = ""
        if n in prev:
            P0, v0, c0 = prev[n]
            k = math.log(P / P0)
            grow = f"{math.log(tv / v0) / k:4.1f}/{math.log(tc / c0) / k:4.1f}"
        prev[n] = (P, tv, tc)
        ok = "valid" if pc.returncode == 0 else f"exit {pc.returncode}"
        print(f"{P:>5} {n:>4} {tv / base:8.0f}x {tv:7.2f}s {est:7.2f}s {tc / base:8.0f}x {tc:7.2f}s "
              f"{grow:>11}  {os.path.getsize(cert) / 1e6:.1f} MB, {ok}")

    perf = shutil.which("perf")
    if perf and not QUICK:
        d, L, m, n = 5, 3, 4, 10
        P = nparams(d, L, m)
        sp, cert = os.path.join(tmp, "p.json"), os.path.join(tmp, "pc.json")
        json.dump(spec(d, L, m, n, 7), open(sp, "w"))

        def share(cmd, names):
            data = os.path.join(tmp, "perf.data")
            subprocess.run([perf, "record", "-q", "--call-graph", "dwarf", "-o", data, *cmd],
                           capture_output=True)
            rep = subprocess.run([perf, "report", "-i", data, "--children", "--sort", "symbol",
                                  "--stdio"], capture_output=True, text=True).stdout
            out = {}
            for line in rep.splitlines():
                f = line.split()
                hit = [x for x in f if x in names]
                if len(f) >= 4 and f[0].endswith("%") and hit:
                    out.setdefault(hit[0], float(f[0][:-1]))
            return out
        sv = share([RC, "landscape", "--spec", sp, "--cert", cert],
                   ["rc_landscape_analyse", "rc_resnet_hessian", "rc_ldl_prove", "rc_rank_prove"])
        sc = share([RC, "check", cert], ["ck_yun19_thm2", "ck_ldl_inertia", "jaddmul", "ck_rank"])
        print(f"where the time goes (perf, P = {P}, n = {n}, % of the process):")
        print("  prover: " + ", ".join(f"{k} {v:.0f}%" for k, v in sv.items()))
        print("  checker: " + ", ".join(f"{k} {v:.0f}%" for k, v in sc.items()) +
              " (the jets are the rest of ck_yun19_thm2: jaddmul is most of them)")

#!/usr/bin/env python3
"""The slowest admissible instances: for each family of specs, the largest
size that rescheck's cost estimate admits (found with `verify --estimate`,
which stops before the work), then `verify` and `check` on it, timed.

    python3 bench/limits.py [RESCHECK] [--only SUBSTRING] [--quick]

Prints one row per family: the admitted size, the estimate, and the measured
verify and check times as a ratio to the budget (docs/limits.md). The claim
of the docs is that every certificate inside the limits checks within the
budget (10 s); the last line names the slowest check found. --quick keeps
the families with a check time under a second (for a smoke run)."""
import json
import os
import random
import subprocess
import sys
import tempfile
import time

RC = "build/rescheck"
args = sys.argv[1:]
if args and not args[0].startswith("--"):
    RC = args.pop(0)
ONLY = args[args.index("--only") + 1] if "--only" in args else ""
BUDGET = 10.0


def big(k, rng):
    """a k-digit integer"""
    return str(rng.randrange(10 ** (k - 1), 10 ** k))


def sec31(n, digits):
    rng = random.Random(n)
    val = (lambda: big(digits, rng)) if digits > 3 else (lambda: str(rng.randint(-9, 9)))
    return {"kind": "yun19.sec31", "x": [str(i) for i in range(n)],
            "y": [f"{val()} + {val()}*rho" for _ in range(n)],
            "domain": "(0, inf)", "interval": "(0, 1]",
            "resnet": {"v": "rho/2", "u": "1", "b": str(-(n // 2))}}


def sec32(n, L, digits):
    rng = random.Random(n * 7 + L)
    val = (lambda: big(digits, rng)) if digits > 3 else (lambda: str(rng.randint(1, 9)))
    return {"kind": "yun19.sec32", "x": [str(i) for i in range(n)], "y": [val() for _ in range(n)],
            "blocks": [{"v": f"1/{val()}", "u": "1", "b": "-1/2"} for _ in range(L)],
            "w": "1", "c": "0"}


def lemma1(m, d):
    # columns e_k-ish rational unit vectors: (cos, sin) pairs from Pythagorean triples
    rng = random.Random(m + d)
    cols = []
    for k in range(m):
        a, b = rng.randint(1, 99), rng.randint(1, 99)
        c = [0] * d
        c[k % d] = f"{a * a - b * b}/{a * a + b * b}"
        c[(k + 1) % d] = f"{2 * a * b}/{a * a + b * b}" if d > 1 else c[k % d]
        cols.append([str(v) for v in c])
    return {"kind": "li18.lemma1", "columns": cols, "i": 1, "a_new": cols[-1], "rho": "1/1000"}


def li18(d, m, n, R, digits=1):
    rng = random.Random(d * 1000 + m)
    val = (lambda: big(digits, rng)) if digits > 1 else (lambda: str(rng.randint(-5, 5)))
    X = [[val() for _ in range(m)] for _ in range(d)]
    Y = [["1" if mu % d == i else "0" for mu in range(m)] for i in range(d)]
    return {"kind": "li18.nshortcut", "d": d, "m": m, "n": n, "R": R, "X": X, "Y": Y}


def thm5(n, d, L, width, restarts, iterations):
    rng = random.Random(n * 100 + d)
    X = [[f"{rng.randint(-9, 9)}/{rng.randint(1, 9)}" for _ in range(d)] for _ in range(n)]
    return {"kind": "yun19.rademacher", "X": X,
            "classes": [{"M": ["1/2"] * L, "width": [width] * L}],
            "search": {"restarts": restarts, "iterations": iterations}}


def skew(d, rng):
    """a d x d skew-symmetric Cayley seed with small integer entries"""
    S = [["0"] * d for _ in range(d)]
    for i in range(d):
        for j in range(i + 1, d):
            v = rng.randint(-3, 3)
            S[i][j], S[j][i] = str(v), str(-v)
    return S


def wu19_init(L, d, n):
    rng = random.Random(L * 1000 + d * 10 + n)
    return {"kind": "wu19.zas", "description": "bench", "instances": [{
        "name": "edge", "widths": [d] * (L + 1),
        "sigma": [str(rng.randint(1, 3) ** (L - 1)) for _ in range(d)],
        "S_U": skew(d, rng), "S_V": skew(d, rng),
        "X": [[str(rng.randint(-9, 9)) for _ in range(n)] for _ in range(d)],
        "Y": [[str(rng.randint(-9, 9)) for _ in range(n)] for _ in range(d)]}]}


def wu19_rate(d, L, T, prec, exact_bits=20000):
    rng = random.Random(d * 100 + L)
    return {"kind": "wu19.rate", "description": "bench", "instances": [{
        "name": "edge", "role": "probe", "d": d, "L": L, "a": "1", "eta": "1/100",
        "Phi": [[f"{rng.randint(-9, 9)}/{rng.randint(1, 9)}" for _ in range(d)] for _ in range(d)],
        "steps": T, "prec": prec, "exact_bits": exact_bits}]}


# (name, claim, make(size) -> spec, smallest size, largest size)
FAMILIES = [
    ("sec31 n points", "prop1", lambda k: sec31(k, 1), 2, 10000),
    ("sec31 n points, 40-digit targets", "prop1", lambda k: sec31(k, 40), 2, 10000),
    ("sec32 L blocks, n = 500", "nonmono", lambda k: sec32(500, k, 1), 1, 1000),
    ("sec32 n points, L = 100, 40-digit", "nonmono", lambda k: sec32(k, 100, 40), 2, 10000),
    ("lemma1 m columns, d = 32", "li18.lemma1", lambda k: lemma1(k, 32), 2, 10000),
    ("lemma1 m columns, d = 2", "li18.lemma1", lambda k: lemma1(k, 2), 2, 10000),
    ("li18 n=1 R units, d = 3", "li18.thm2-n1", lambda k: li18(3, 8, 1, k), 1, 64),
    ("li18 n=1 R units, d = 2", "li18.thm2-n1", lambda k: li18(2, 8, 1, k), 1, 64),
    ("li18 n=1 m samples, d = 16", "li18.thm2-n1", lambda k: li18(16, k, 1, 1), 1, 10000),
    ("li18 n=1 m samples, d = 3, R = 12", "li18.thm2-n1", lambda k: li18(3, k, 1, 12), 1, 10000),
    ("li18 n=2 d width, m = 8, R = 4", "li18.thm2-n2", lambda k: li18(k, 8, 2, 4), 1, 32),
    ("li18 n=2 d width, 40-digit X", "li18.thm2-n2", lambda k: li18(k, 8, 2, 4, 40), 1, 32),
    ("li18 n=2 m samples, d = 8, R = 64", "li18.thm2-n2", lambda k: li18(8, k, 2, 64), 1, 10000),
    ("li18 n=3 m samples, d = 3, R = 64", "li18.thm2-n3", lambda k: li18(3, k, 3, 64), 1, 10000),
    ("li18 n=3 d width, m = 8, R = 10", "li18.thm2-n3", lambda k: li18(k, 8, 3, 10), 1, 32),
    ("li18 n=6 d width, m = 8, R = 3", "li18.thm2-n3", lambda k: li18(k, 8, 6, 3), 1, 32),
    ("thm5 iterations, n=10 d=4 L=4 m=4 4 restarts", "yun19.thm5",
     lambda k: thm5(10, 4, 4, 4, 4, k), 1, 25000),
    ("thm5 width m, n=10 d=8 L=2, 1 step", "yun19.thm5", lambda k: thm5(10, 8, 2, k, 1, 1), 1, 16),
    ("wu19.init L layers, d = 32, n = 256", "wu19.init", lambda k: wu19_init(k, 32, 256), 2, 64),
    ("wu19.init d width, L = 64, n = 256", "wu19.init", lambda k: wu19_init(64, k, 256), 1, 32),
    ("wu19.rate T steps, d = 8, L = 16", "wu19.rate", lambda k: wu19_rate(8, 16, k, 256), 1, 5000),
    ("wu19.rate L layers, d = 32, T = 100", "wu19.rate", lambda k: wu19_rate(32, k, 100, 256), 2, 64),
    ("wu19.rate prec bits, d = 8, L = 8, T = 1000", "wu19.rate",
     lambda k: wu19_rate(8, 8, 1000, k), 64, 4096),
    ("wu19.rate balls only: T steps, d = 8, L = 8, 1024 bits", "wu19.rate",
     lambda k: wu19_rate(8, 8, k, 1024, 0), 1, 5000),
    ("wu19.rate balls only: T steps, d = 8, L = 8, 4096 bits", "wu19.rate",
     lambda k: wu19_rate(8, 8, k, 4096, 0), 1, 5000),
    ("wu19.rate balls only: T steps, d = 32, L = 2, 4096 bits", "wu19.rate",
     lambda k: wu19_rate(32, 2, k, 4096, 0), 1, 5000),
    ("wu19.rate exact only: bits, d = 16, L = 8, T = 8", "wu19.rate",
     lambda k: wu19_rate(16, 8, 8, 64, k), 0, 200000),
    ("wu19.rate exact only: bits, d = 32, L = 2, T = 8", "wu19.rate",
     lambda k: wu19_rate(32, 2, 8, 64, k), 0, 200000),
    ("thm5 samples n, d=16 L=8 m=16, 1 step", "yun19.thm5",
     lambda k: thm5(k, 16, 8, 16, 1, 1), 1, 10),
]


def estimate(claim, spec, tmp):
    path = os.path.join(tmp, "spec.json")
    json.dump(spec, open(path, "w"))
    r = subprocess.run([RC, "verify", claim, "--spec", path, "--estimate"], capture_output=True,
                       text=True)
    if r.returncode != 0 or "within" not in r.stdout:
        return None
    return float(r.stdout.split("about ")[1].split(" s")[0])


def edge(claim, make, lo, hi, tmp):
    """the largest admitted size in [lo, hi] (estimates grow with the size)"""
    if estimate(claim, make(lo), tmp) is None:
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if estimate(claim, make(mid), tmp) is not None:
            lo = mid
        else:
            hi = mid - 1
    return lo


def timed(cmd):
    t = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    return time.monotonic() - t, r


def main():
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        t0, _ = timed([RC, "--version"])
        print(f"# process start-up {t0:.3f} s; budget {BUDGET:.0f} s")
        print(f"{'family':38} {'size':>6} {'estimate':>9} {'verify':>8} {'check':>8} {'check/budget':>12}")
        for name, claim, make, lo, hi in FAMILIES:
            if ONLY not in name:
                continue
            k = edge(claim, make, lo, hi, tmp)
            if k is None:
                print(f"{name:38} nothing admitted")
                continue
            spec = make(k)
            path = os.path.join(tmp, "edge.json")
            json.dump(spec, open(path, "w"))
            est = estimate(claim, spec, tmp)
            cdir = os.path.join(tmp, "certs")
            os.makedirs(cdir, exist_ok=True)
            for f in os.listdir(cdir):
                os.unlink(os.path.join(cdir, f))
            tv, rv = timed([RC, "verify", claim, "--spec", path, "--cert-dir", cdir])
            certs = [os.path.join(cdir, f) for f in os.listdir(cdir)]
            if not certs:
                print(f"{name:38} {k:6} {est:9.3g} verify exit {rv.returncode}: {rv.stderr.strip()[:80]}")
                continue
            tc, rc = timed([RC, "check"] + certs)
            size = os.path.getsize(certs[0])
            print(f"{name:38} {k:6} {est:9.3g} {tv:8.2f} {tc:8.2f} {tc / BUDGET:12.2f}"
                  f"   (exit {rv.returncode}/{rc.returncode}, {size / 1e6:.1f} MB)")
            sys.stdout.flush()
            if tc > slowest[0]:
                slowest = (tc, f"{name} at {k}")
    print(f"# slowest check: {slowest[0]:.2f} s ({slowest[1]}), {slowest[0] / BUDGET:.2f} of the budget")


main()

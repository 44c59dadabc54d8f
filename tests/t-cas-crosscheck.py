#!/usr/bin/python3
"""Cross-checks rescheck's exact values against an independent computer-algebra
computation (SymPy) on seeded random specs that rescheck has never seen.

For yun19.sec31 specs: R_lin, every row of both tables, the ResNet point's H,
(w, c) and risk, whether each row >= R_lin on the interval and where exactly.
For yun19.sec32 specs: H_l, err(H_l, Y), pre-activations, the network's risk.
Prints TAP."""
import json
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction

import sympy as sp

RC = sys.argv[1]
rho = sp.Symbol("rho", positive=True)
rng = random.Random(20261122)
tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def qrho(obj):
    num = sum(sp.Integer(int(c)) * rho**i for i, c in enumerate(obj["num"]))
    den = sum(sp.Integer(int(c)) * rho**i for i, c in enumerate(obj["den"]))
    return num / den


def q(s):
    return sp.Rational(Fraction(s))


def same(a, b):
    return sp.simplify(sp.cancel(a - b)) == 0


def lsq_risk(xs, ys, n, affine=True):
    """min over (a, c) of (1/n) sum (y - a x - c)^2 by calculus in SymPy."""
    if not xs:
        return sp.Integer(0)
    a, c = sp.symbols("a c")
    if not affine or len(set(map(sp.simplify, xs))) < 2 and all(sp.simplify(x - xs[0]) == 0 for x in xs):
        cbar = sum(ys) / len(ys)
        return sp.cancel(sum((y - cbar) ** 2 for y in ys) / n)
    loss = sum((y - a * x - c) ** 2 for x, y in zip(xs, ys))
    sol = sp.solve([sp.diff(loss, a), sp.diff(loss, c)], [a, c], dict=True)[0]
    return sp.cancel(loss.subs(sol) / n)


def rand_q(lo=-6, hi=6, dens=(1, 2, 3, 4)):
    return Fraction(rng.randint(lo * 4, hi * 4), rng.choice(dens))


def fstr(f):
    return f"{f.numerator}/{f.denominator}" if f.denominator != 1 else str(f.numerator)


def run(args):
    return subprocess.run([RC] + args, capture_output=True, text=True)


def sec31_case(k, tmp):
    n = rng.randint(3, 7)
    xs = [rand_q(0, 6, (1, 2)) for _ in range(n)]
    ys = [(rand_q(), rand_q(-2, 2)) for _ in range(n)]
    hi = Fraction(rng.randint(1, 12), rng.choice((2, 3, 4)))
    spec = {
        "kind": "yun19.sec31",
        "x": [fstr(x) for x in xs],
        "y": [f"{fstr(a)} + ({fstr(b)})*rho" for a, b in ys],
        "domain": "(0, inf)",
        "interval": f"(0, sqrt({fstr(hi)})]",
        "resnet": {"v": f"{fstr(rand_q(-2, 2))}*rho + {fstr(rand_q(-1, 1))}",
                   "u": fstr(rand_q(-2, 2)), "b": fstr(rand_q())},
    }
    path = os.path.join(tmp, f"sec31-{k}.json")
    json.dump(spec, open(path, "w"))
    cdir = os.path.join(tmp, f"c{k}")
    r = run(["verify", "yun19.table1", "yun19.table1-mirror", "yun19.prop1", "--spec", path, "--cert-dir", cdir])
    check(f"sec31 case {k}: verify runs (exit {r.returncode})", r.returncode in (0, 1), r.stderr)
    if r.returncode not in (0, 1):
        return
    X = [q(s) for s in spec["x"]]
    Y = [q(fstr(a)) + q(fstr(b)) * rho for a, b in ys]
    rlin = lsq_risk(X, Y, n)
    prop = json.load(open(os.path.join(cdir, f"yun19.prop1--sec31-{k}.json")))["results"]
    check(f"sec31 case {k}: R_lin = {rlin}", same(qrho(prop["r_lin"]), rlin))
    bps = sorted(set(X))
    I = sp.Interval.Lopen(0, sp.sqrt(q(fstr(hi))))
    for t, name in ((0, "table1"), (1, "table1-mirror")):
        rows = json.load(open(os.path.join(cdir, f"yun19.{name}--sec31-{k}.json")))["results"]["table"]["rows"]
        check(f"sec31 case {k}: {name} has {len(bps) + 1} rows", len(rows) == len(bps) + 1)
        for r_i, row in enumerate(rows):
            left = [i for i in range(n) if r_i > 0 and X[i] <= bps[r_i - 1]]
            right = [i for i in range(n) if i not in left]
            cons_side, aff_side = (left, right) if t == 0 else (right, left)
            cons = lsq_risk([X[i] for i in cons_side], [Y[i] for i in cons_side], n, affine=False)
            aff = lsq_risk([X[i] for i in aff_side], [Y[i] for i in aff_side], n)
            ok = same(qrho(row["constant_error"]), cons) and same(qrho(row["affine_error"]), aff)
            check(f"sec31 case {k}: {name} row {row['breakpoint_in']} fits", ok,
                  f"rescheck {qrho(row['constant_error'])} + {qrho(row['affine_error'])}, sympy {cons} + {aff}")
            diff = sp.cancel(cons + aff - rlin)
            good = sp.solve_univariate_inequality(diff >= 0, rho, relational=False, domain=sp.Interval.open(0, sp.oo))
            holds = I.is_subset(good)
            if holds is None:  # SymPy could not decide the subset relation directly
                rest = sp.Complement(I, good)
                holds = rest.is_empty if rest.is_empty is not None else \
                    all(diff.subs(rho, p) >= 0 for p in rest.boundary) and rest.measure == 0
            ineq = row["bound_minus_r_lin"]
            check(f"sec31 case {k}: {name} row {row['breakpoint_in']} >= R_lin on I is {holds}",
                  ineq["holds"] == holds, f"rescheck says {ineq['holds']}")
            # the maximal set's finite ends against SymPy's boundary points
            ends = sorted(float(b) for b in good.boundary if b.is_finite and b > 0)
            roots = ineq["sign_table"]["roots"]
            got = []
            for piece in ineq["maximal_set"]:
                for side in ("lo", "hi"):
                    at = piece[side]
                    if at != "domain":
                        d = roots[at["root"]]["decimal"].strip("[").split(" ")[0]
                        got.append(float(d))
            got = sorted(set(round(g, 12) for g in got))
            check(f"sec31 case {k}: {name} row {row['breakpoint_in']} range ends agree",
                  [round(e, 12) for e in ends] == got, f"sympy {ends}, rescheck {got}")
    res = prop["resnet"]
    v = q(spec["resnet"]["v"].split("*")[0]) * rho + q(spec["resnet"]["v"].split("+ ")[1])
    u, b = q(spec["resnet"]["u"]), q(spec["resnet"]["b"])
    H = [x + v * sp.Max(u * x + b, 0) for x in X]
    check(f"sec31 case {k}: H", all(same(qrho(h), e) for h, e in zip(res["H"], H)))
    risk = lsq_risk(H, Y, n) if len(set(H)) > 1 else lsq_risk(H, Y, n, affine=False)
    check(f"sec31 case {k}: ResNet risk", same(qrho(res["risk"]), risk), f"rescheck {qrho(res['risk'])}, sympy {risk}")


def sec32_case(k, tmp):
    n = rng.randint(2, 6)
    L = rng.randint(1, 3)
    xs = [rand_q() for _ in range(n)]
    ys = [rand_q() for _ in range(n)]
    blocks = [{"v": fstr(rand_q(-3, 3)), "u": fstr(rand_q(-2, 2)), "b": fstr(rand_q())} for _ in range(L)]
    spec = {"kind": "yun19.sec32", "x": [fstr(x) for x in xs], "y": [fstr(y) for y in ys],
            "blocks": blocks, "w": fstr(rand_q(-2, 2)), "c": fstr(rand_q())}
    path = os.path.join(tmp, f"sec32-{k}.json")
    json.dump(spec, open(path, "w"))
    cdir = os.path.join(tmp, f"n{k}")
    r = run(["verify", "nonmono", "--spec", path, "--cert-dir", cdir])
    check(f"sec32 case {k}: verify runs (exit {r.returncode})", r.returncode in (0, 1, 3), r.stderr)
    if r.returncode not in (0, 1, 3):
        return
    res = json.load(open(os.path.join(cdir, f"yun19.nonmono--sec32-{k}.json")))["results"]
    Hs = [[q(fstr(x)) for x in xs]]
    pres = []
    for blk in blocks:
        prev = Hs[-1]
        pre = [q(blk["u"]) * h + q(blk["b"]) for h in prev]
        pres.append(pre)
        Hs.append([h + q(blk["v"]) * max(p, 0) for h, p in zip(prev, pre)])
    Y = [q(fstr(y)) for y in ys]
    for l in range(1, L + 1):
        check(f"sec32 case {k}: H{l}", [q(s) for s in res["H"][l - 1]] == Hs[l])
        check(f"sec32 case {k}: pre-activations of block {l}", [q(s) for s in res["pre_activations"][l - 1]] == pres[l - 1])
    for l in range(L + 1):
        e = lsq_risk(Hs[l], Y, n) if len(set(Hs[l])) > 1 else lsq_risk(Hs[l], Y, n, affine=False)
        check(f"sec32 case {k}: err(H{l},Y) = {e}", q(res["err"][l]) == e, f"rescheck {res['err'][l]}")
    risk = sum((q(spec["w"]) * h + q(spec["c"]) - y) ** 2 for h, y in zip(Hs[-1], Y)) / n
    check(f"sec32 case {k}: network risk", q(res["risk"]) == risk)


with tempfile.TemporaryDirectory() as tmp:
    for k in range(6):
        sec31_case(k, tmp)
    for k in range(25):
        sec32_case(k, tmp)

failed = 0
for i, (desc, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
    if not ok:
        failed += 1
        for line in str(diag).splitlines()[:6]:
            print(f"# {line}")
print(f"1..{len(tests)}")
sys.exit(1 if failed else 0)

#!/usr/bin/python3
"""Every exact value rescheck computes is reachable from --format json and
from the certificate (issue 11, section 2), and each is right: recomputed
here in Python fractions from the data, by other routes than rescheck's.

- yun19.prop1: all_parts_hold_on, the set where every part holds together,
  on the paper's data (0, sqrt(5)/2] meets the ResNet witness's range, whose
  end is located here by bisection on exact evaluations of R2 - R_lin), and on
  user data with two pieces, against every part evaluated at rational rho
  (inside, outside, and just beside each end);
- network outputs at each data point: prop1's ResNet (w*H + c, evaluated at
  rational rho against a least-squares fit done here), nonmono, and every
  thm2 instance (a forward pass here);
- li18 n = 1: the gradient (central differences of the loss along each
  weight, exact since the loss is quadratic along one weight at 0),
  Sigma^XX, Sigma^YX and M; the whole charpoly of H for n = 2 (its degree,
  the product of its factors against charpoly_block^R, and sum lambda^2 =
  sum H_ij^2 by Newton's identity) and n = 3;
- each new value, edited in a certificate (hash recomputed), is rejected by
  'rescheck check' naming its JSON path.
Prints TAP."""
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction as F

RC, SRC = sys.argv[1], sys.argv[2]
tests = []


def check(desc, ok, diag=""):
    tests.append((desc, ok, diag))


def run(*args):
    return subprocess.run([RC] + list(args), capture_output=True, text=True)


def verify_json(claim, spec=None):
    args = ["verify", claim, "--no-cert", "--format", "json"] + (["--spec", spec] if spec else [])
    r = run(*args)
    return json.loads(r.stdout)["claims"][0]


def cert(name):
    return json.load(open(os.path.join(SRC, "certificates", name + ".json")))


# ---- exact helpers ------------------------------------------------------------

def poly_eval(coeffs, x):  # constant term first, strings
    v = F(0)
    for c in reversed(coeffs):
        v = v * x + F(c)
    return v


def qrho_eval(q, rho):
    return poly_eval(q["num"], rho) / poly_eval(q["den"], rho)


def parse_affine(text, rho):
    """the sec31 specs' y and v: sums of terms a, a*rho, rho, rho/k"""
    total = F(0)
    for term in filter(None, text.replace(" ", "").replace("-", "+-").split("+")):
        sign = -1 if term.startswith("-") else 1
        term = term.lstrip("-")
        if "rho" not in term:
            total += sign * F(term)
            continue
        coef, _, div = term.partition("rho")
        val = F(coef.rstrip("*")) if coef else F(1)
        if div:
            val /= F(div.lstrip("/"))
        total += sign * val * rho
    return total


def root_enclosure(end, bits=60):
    """lo < root < hi, width below 2^-bits, by bisection on the end's poly"""
    p, lo, hi = end["poly"], F(end["lo"]), F(end["hi"])
    if lo == hi:
        return lo, hi
    slo = poly_eval(p, lo) > 0
    while hi - lo > F(1, 2 ** bits):
        mid = (lo + hi) / 2
        if (poly_eval(p, mid) > 0) == slo:
            lo = mid
        else:
            hi = mid
    return lo, hi


def sse_fit(xs, ys, affine):
    n = len(xs)
    if n == 0:
        return F(0)
    my = sum(ys) / n
    if not affine:
        return sum((y - my) ** 2 for y in ys)
    mx = sum(xs) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    a = sxy / sxx if sxx else F(0)
    return sum((y - my - a * (x - mx)) ** 2 for x, y in zip(xs, ys))


def affine_fit(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    a = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return a, my - a * mx


def prop1_parts(spec, rho):
    """every part of Proposition 1 at a rational rho, evaluated from the spec
    alone: both tables' rows >= R_lin, the constant net >= R_lin, the fit
    on H nondegenerate, R2 < R_lin"""
    xs = [F(x) for x in spec["x"]]
    ys = [parse_affine(y, rho) for y in spec["y"]]
    n = len(xs)
    r_lin = sse_fit(xs, ys, True) / n
    ok = True
    for t in (0, 1):
        bps = sorted(set(xs))
        for r in range(len(bps) + 1):
            left = [i for i in range(n) if r > 0 and xs[i] <= bps[r - 1]]
            right = [i for i in range(n) if i not in left]
            cst, aff = (left, right) if t == 0 else (right, left)
            bound = (sse_fit([xs[i] for i in cst], [ys[i] for i in cst], False) +
                     sse_fit([xs[i] for i in aff], [ys[i] for i in aff], True)) / n
            ok &= bound >= r_lin
    ok &= sse_fit(xs, ys, False) / n >= r_lin
    v = parse_affine(spec["resnet"]["v"], rho)
    u, b = F(spec["resnet"]["u"]), F(spec["resnet"]["b"])
    H = [x + v * max(u * x + b, F(0)) for x in xs]
    ok &= n * sum(h * h for h in H) - sum(H) ** 2 > 0
    ok &= sse_fit(H, ys, True) / n < r_lin
    return ok


def in_set(s, rho):
    for iv in s:
        lo, hi = iv["lo"], iv["hi"]
        above = True if lo == "-inf" else (rho > root_enclosure(lo)[1] or
                                           (iv["lo_closed"] and F(lo["lo"]) == F(lo["hi"]) == rho))
        below = True if hi == "inf" else (rho < root_enclosure(hi)[0] or
                                          (iv["hi_closed"] and F(hi["lo"]) == F(hi["hi"]) == rho))
        if above and below:
            return True
    return False


def parts_agree(spec, s, lo, hi, what):
    """the set against the parts at 64 rationals across (lo, hi) and at
    2^-40 beside every end (a closed algebraic end is not rational, so its
    own point is not sampled; a rational one is)"""
    pts = [lo + (hi - lo) * F(k, 64) for k in range(1, 64)]
    for iv in s:
        for key in ("lo", "hi"):
            e = iv[key]
            if isinstance(e, str):
                continue
            a, b = root_enclosure(e)
            pts += [a - F(1, 2 ** 40), b + F(1, 2 ** 40)]
            if a == b:
                pts.append(a)
    bad = [str(p) for p in pts if lo < p < hi and prop1_parts(spec, p) != in_set(s, p)]
    check(f"prop1 {what}: membership in all_parts_hold_on equals every part holding, at {len(pts)} rationals",
          not bad, "differs at " + ", ".join(bad[:5]))


# ---- prop1 on the paper's data ---------------------------------------------------

spec31 = json.load(open(os.path.join(SRC, "src", "claims", "data", "yun19-sec31.json")))
j = verify_json("prop1")
res = j["results"]
check("--format json carries prop1's results", "all_parts_hold_on" in res and "outputs" in res["resnet"])
s = res["all_parts_hold_on"]
note = [st for st in j["statements"] if st.get("id") == "all-parts-hold-on.1"]
check("prop1: the note with ID all-parts-hold-on.1 says the set the results hold",
      len(note) == 1 and note[0]["status"] == "note" and note[0]["text"].endswith("for rho in (0, sqrt(5)/2]"),
      json.dumps(note))
c = cert("yun19.prop1")["results"]
check("prop1: the certificate's all_parts_hold_on is the JSON output's", c["all_parts_hold_on"] == s)

# the witness's range: R2 - R_lin < 0 from 0 up to its first sign change,
# located here by bisection on exact evaluations (no closed form used)
def r2_minus_rlin(rho):
    xs = [F(x) for x in spec31["x"]]
    ys = [parse_affine(y, rho) for y in spec31["y"]]
    v = parse_affine(spec31["resnet"]["v"], rho)
    H = [x + v * max(x - 3, F(0)) for x in xs]
    return (sse_fit(H, ys, True) - sse_fit(xs, ys, True)) / len(xs)


lo_w, hi_w = F(1), F(1)
while r2_minus_rlin(hi_w) < 0:
    hi_w *= 2
lo_w = hi_w / 2
while hi_w - lo_w > F(1, 2 ** 30):
    mid = (lo_w + hi_w) / 2
    if r2_minus_rlin(mid) < 0:
        lo_w = mid
    else:
        hi_w = mid
# sqrt(5)/2 < the witness's end: the intersection is (0, sqrt(5)/2]
check("prop1: the witness range's end (bisected here) lies beyond sqrt(5)/2",
      lo_w > 0 and lo_w ** 2 > F(5, 4), f"[{float(lo_w)}, {float(hi_w)}]")
one = len(s) == 1 and s[0]
check("prop1: all parts hold together on one interval", bool(one), json.dumps(s))
if one:
    check("prop1: its lower end is 0, open", one["lo"] == {"poly": ["0", "1"], "lo": "0", "hi": "0"}
          and one["lo_closed"] is False, json.dumps(one["lo"]))
    hi = one["hi"]
    ok = hi["poly"] == ["-5", "0", "4"] and F(hi["lo"]) ** 2 < F(5, 4) < F(hi["hi"]) ** 2 and one["hi_closed"]
    check("prop1: its upper end is sqrt(5)/2, closed (= (0, sqrt(5)/2] meet (0, witness end))", ok,
          json.dumps(hi))
    # canonical: the unit interval holding sqrt(5)/2 isolates it
    check("prop1: the end's isolating interval is the canonical [1, 2]", (hi["lo"], hi["hi"]) == ("1", "2"))
parts_agree(spec31, s, F(0), F(6), "(paper's data, rho in (0, 6))")

# ---- prop1 on user data with two pieces ------------------------------------------

with tempfile.TemporaryDirectory() as tmp:
    user = copy.deepcopy(spec31)
    del user["printed"]
    user["resnet"] = {"v": "rho/4", "u": "1", "b": "-3"}
    user["domain"] = "(-inf, inf)"
    user["interval"] = "(-1/4, 1/4]"
    p = os.path.join(tmp, "two-pieces.json")
    json.dump(user, open(p, "w"))
    uj = verify_json("prop1", p)
    us = uj["results"]["all_parts_hold_on"]
    check("prop1 user data: two pieces, split at rho = 0 where R2 = R_lin", len(us) == 2 and
          us[0]["hi"] == {"poly": ["0", "1"], "lo": "0", "hi": "0"} and not us[0]["hi_closed"] and
          us[1]["lo"] == us[0]["hi"] and not us[1]["lo_closed"], json.dumps(us))
    parts_agree(user, us, F(-2), F(3), "(user data, rho in (-2, 3))")
    r = run("verify", "prop1", "--spec", p, "--cert-dir", tmp)
    r = run("check", os.path.join(tmp, "yun19.prop1--two-pieces.json"))
    check("prop1 user data: its certificate checks", ": valid," in r.stdout, r.stdout + r.stderr)

# ---- network outputs ----------------------------------------------------------------

for rho in (F(1, 2), F(1), F(7, 3)):
    xs = [F(x) for x in spec31["x"]]
    ys = [parse_affine(y, rho) for y in spec31["y"]]
    v = parse_affine(spec31["resnet"]["v"], rho)
    H = [x + v * max(F(spec31["resnet"]["u"]) * x + F(spec31["resnet"]["b"]), F(0)) for x in xs]
    w, c0 = affine_fit(H, ys)
    want = [w * h + c0 for h in H]
    got = [qrho_eval(q, rho) for q in res["resnet"]["outputs"]]
    check(f"prop1: the ResNet's outputs at rho = {rho} are w*H(x_i) + c of the fit done here", got == want,
          f"{[str(g) for g in got]} vs {[str(x) for x in want]}")

nm = verify_json("nonmono")
inp = cert("yun19.nonmono")["inputs"]
h = [F(x) for x in inp["x"]]
for blk in inp["blocks"]:
    h = [x + F(blk["v"]) * max(F(blk["u"]) * x + F(blk["b"]), F(0)) for x in h]
want = [F(inp["w"]) * x + F(inp["c"]) for x in h]
got = [F(o) for o in nm["results"]["outputs"]]
check("nonmono: outputs are w*H_L(x_i) + c by a forward pass here", got == want,
      f"{[str(g) for g in got]} vs {[str(x) for x in want]}")
check("nonmono: outputs in the certificate as in JSON", cert("yun19.nonmono")["results"]["outputs"] ==
      nm["results"]["outputs"])


def matvec(M, v):
    return [sum(F(a) * b for a, b in zip(row, v)) for row in M]


def forward(spec, x):
    hcur = [F(t) for t in x]
    for blk in spec["blocks"]:
        t = matvec(blk["U"], hcur) if blk.get("U") else hcur
        if blk["phi"] == "relu":
            g = [max(a, F(0)) for a in t]
        elif blk["phi"] == "relu-net":
            g = [max(a + F(b), F(0)) for a, b in zip(matvec(blk["A"], t), blk["a"])]
        else:
            g = t
        skip = matvec(blk["W"], hcur) if "W" in blk else hcur
        hcur = [s_ + vv for s_, vv in zip(skip, matvec(blk["V"], g))]
    return sum(F(a) * b for a, b in zip(spec["w"], hcur))


t2 = cert("yun19.thm2")
tj = verify_json("thm2")
for k, ins in enumerate(t2["inputs"]["instances"]):
    sp = ins["spec"]
    want = [forward(sp, x) for x in sp["X"]]
    got = [F(o) for o in tj["results"]["instances"][k]["outputs"]]
    check(f"thm2 instance {ins['name']}: outputs f(x_i) by a forward pass here", got == want,
          f"{[str(g) for g in got]} vs {[str(x) for x in want]}")
    if sp.get("loss", "squared") == "squared":
        risk = sum((o - F(y)) ** 2 for o, y in zip(got, sp["y"])) / len(got)
        check(f"thm2 instance {ins['name']}: (1/n) sum (f(x_i) - y_i)^2 of the outputs is the risk",
              risk == F(tj["results"]["instances"][k]["risk"]))

t4 = cert("yun19.thm4")
t4j = verify_json("thm4")
check("thm4: outputs in the certificate as in JSON", t4["results"] == t4j["results"])
for k, ins in enumerate(t4["inputs"]["instances"]):
    r = t4j["results"]["instances"][k]
    if r["w"] is None:
        continue
    want = [forward(dict(ins, w=r["w"]), x) for x in ins["X"]]
    got = [F(o) for o in r["outputs"]]
    delta = F(ins["delta"])
    # the partition read off these outputs: |f - y| <= delta inside, else the side
    sides = [0 if abs(o - F(y)) <= delta else (1 if o > F(y) else -1) for o, y in zip(got, ins["y"])]
    check(f"thm4 instance {k}: outputs w*^T h_L(x_i) by a forward pass here, and the Huber partition "
          f"follows from them", got == want and all(a == b or abs(o - F(y)) == delta
                                                    for a, b, o, y in zip(sides, r["partition"], got, ins["y"])),
          f"{[str(g) for g in got]} vs {[str(x) for x in want]}; {sides} vs {r['partition']}")

# ---- li18 n = 1 -------------------------------------------------------------------------

n1 = verify_json("li18.thm2-n1")["results"]
i1 = cert("li18.thm2-n1")["inputs"]
d, m, R = i1["d"], i1["m"], i1["R"]
X = [[F(v) for v in row] for row in i1["X"]]
Y = [[F(v) for v in row] for row in i1["Y"]]
check("li18 n1: the built-in net has identity activations (the direct loss below assumes it)",
      i1["activations"] == {"pre": "identity", "mid": "identity", "post": "identity"})


def loss_one_weight(p, t):
    """(1/2m) sum ||f(x) - y||^2 with weight p = (r d + j) d + i set to t,
    every other weight 0: unit r adds t * e_i * h_j, the others add 0"""
    i, j = p % d, (p // d) % d
    total = F(0)
    for mu in range(m):
        hv = [X[a][mu] for a in range(d)]
        hv[i] += t * hv[j]
        total += sum((hv[a] - Y[a][mu]) ** 2 for a in range(d))
    return total / (2 * m)


grad = [F(g) for g in n1["gradient"]]
want = [(loss_one_weight(p, F(1)) - loss_one_weight(p, F(-1))) / 2 for p in range(R * d * d)]
check(f"li18 n1: the gradient's {len(grad)} entries are the loss's central differences (exact: quadratic along one weight)",
      grad == want, f"{[str(g) for g in grad[:6]]} vs {[str(w) for w in want[:6]]}")
check("li18 n1: |grad|^2 is the sum of the squared entries",
      F(n1["gradient_norm2"]) == sum(g * g for g in want))
sxx = [[sum(X[a][mu] * X[b][mu] for mu in range(m)) / m for b in range(d)] for a in range(d)]
syx = [[sum(Y[a][mu] * X[b][mu] for mu in range(m)) / m for b in range(d)] for a in range(d)]
mm = [[sxx[a][b] - syx[a][b] for b in range(d)] for a in range(d)]
rd = lambda A: [[F(v) for v in row] for row in A]
check("li18 n1: Sigma^XX = (1/m) X X^T", rd(n1["Sigma_XX"]) == sxx)
check("li18 n1: Sigma^YX = (1/m) Y X^T", rd(n1["Sigma_YX"]) == syx)
check("li18 n1: M = Sigma^XX - Sigma^YX (identity sigma_pre)", rd(n1["M"]) == mm)
check("li18 n1: the values in the certificate as in JSON", all(
    cert("li18.thm2-n1")["results"][k] == n1[k] for k in ("gradient", "Sigma_XX", "Sigma_YX", "M", "gradient_norm2")))

# ---- the whole charpoly of H ---------------------------------------------------------------


def pmul(a, b):
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


n2 = verify_json("li18.thm2-n2")["results"]
i2 = cert("li18.thm2-n2")["inputs"]
N2 = i2["R"] * i2["n"] * i2["d"] ** 2
cp = n2["charpoly_H"]
deg = sum((len(f["poly"]) - 1) * f["multiplicity"] for f in cp)
check(f"li18 n2: charpoly(H) has degree {N2} = R n d^2", deg == N2, str(deg))
prod = [1]
for f in cp:
    for _ in range(f["multiplicity"]):
        prod = pmul(prod, [int(c) for c in f["poly"]])
blk = [1]
for _ in range(i2["R"]):
    blk = pmul(blk, [int(c) for c in n2["charpoly_block"]])
check("li18 n2: the product of charpoly_H's factors is charpoly_block^R (H: R equal blocks)", prod == blk)
# Newton: sum of lambda^2 over the factors = e1^2 - 2 e2 of each, against sum H_ij^2
p2 = F(0)
for f in cp:
    c = [F(x) for x in f["poly"]]
    k = len(c) - 1
    e1 = -c[k - 1] / c[k]
    e2 = c[k - 2] / c[k] if k >= 2 else F(0)
    p2 += f["multiplicity"] * (e1 * e1 - 2 * e2)
frob = sum(F(v) ** 2 * (1 if a == b else 2) for a, b, v in n2["hessian"])
check("li18 n2: sum of lambda^2 from charpoly_H equals sum H_ij^2 of the Hessian's entries", p2 == frob,
      f"{p2} vs {frob}")
n3 = verify_json("li18.thm2-n3")["results"]
i3 = cert("li18.thm2-n3")["inputs"]
check("li18 n3: charpoly(H) = lambda^(R n d^2) (H = 0)", n3["charpoly_H"] ==
      [{"poly": ["0", "1"], "multiplicity": i3["R"] * i3["n"] * i3["d"] ** 2}], json.dumps(n3["charpoly_H"]))

# ---- each new value edited in a certificate: rejected with its path --------------------------


def rehash(doc):
    sha = lambda node: hashlib.sha256(json.dumps(node, sort_keys=True, separators=(",", ":"),
                                                 ensure_ascii=True).encode()).hexdigest()
    doc["inputs_sha256"] = sha(doc["inputs"])
    doc["sha256"] = sha({k: v for k, v in doc.items() if k != "sha256"})
    return doc


EDITS = [
    ("yun19.prop1", ["all_parts_hold_on", 0, "hi", "hi"], "3"),
    ("yun19.prop1", ["all_parts_hold_on", 0, "hi_closed"], False),
    ("yun19.prop1", ["all_parts_hold_on", 0, "hi", "poly"], ["-6", "0", "4"]),
    ("yun19.prop1", ["resnet", "outputs", 4, "num", 0], "561"),
    ("yun19.nonmono", ["outputs", 1], "4"),
    ("yun19.thm2", ["instances", 0, "outputs", 0], "1"),
    ("yun19.response", ["instances", 0, "outputs", 0], "1/7"),
    ("yun19.thm4", ["instances", 2, "outputs", 0], "1/7"),
    ("yun19.thm4", ["depth_sweep", "rows", 0, "outputs", 1], "1"),
    ("li18.thm2-n1", ["gradient", 5], "1/2"),
    ("li18.thm2-n1", ["gradient_norm2"], "1"),
    ("li18.thm2-n1", ["Sigma_XX", 1, 1], "7"),
    ("li18.thm2-n1", ["Sigma_YX", 1, 0], "3/7"),
    ("li18.thm2-n1", ["M", 0, 0], "51/7"),
    ("li18.thm2-n2", ["charpoly_H", 0, "multiplicity"], 17),
    ("li18.thm2-n2", ["charpoly_H", 0, "poly", 0], "-909565282"),
    ("li18.thm2-n3", ["charpoly_H", 0, "multiplicity"], 80),
]
with tempfile.TemporaryDirectory() as tmp:
    for name, path, value in EDITS:
        doc = cert(name)
        node = doc["results"]
        for key in path[:-1]:
            node = node[key]
        if node[path[-1]] == value:
            check(f"{name}: edit of results.{path} changes something", False)
            continue
        node[path[-1]] = value
        p = os.path.join(tmp, name + ".json")
        json.dump(rehash(doc), open(p, "w"))
        r = run("check", p)
        jpath = "results" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)
        check(f"{name}: {jpath} edited is rejected, naming its path",
              r.returncode == 1 and "REJECTED" in r.stderr and jpath in r.stderr, r.stderr)

failed = 0
for i, (desc, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
    if not ok:
        failed += 1
        for line in str(diag).splitlines()[:8]:
            print(f"# {line}")
print(f"1..{len(tests)}")
sys.exit(1 if failed else 0)

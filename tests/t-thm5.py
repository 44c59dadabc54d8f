#!/usr/bin/env python3
"""yun19.thm5 (Theorem 5 from below): the certificate's values against an
independent recomputation in Python fractions; tampered witnesses (outside
the class, a sign vector missing or twice, a changed value) rejected; a
class constraint ignored on purpose would turn the comparison around, and
the checker rejects that certificate instead of reporting a refutation;
L = 0 on orthogonal data, where the bound holds with equality, decided
exactly; user specs with witnesses.
    usage: t-thm5.py RESCHECK SRC"""
import copy, hashlib, json, math, os, subprocess, sys, tempfile
from fractions import Fraction as Q

RC, SRC = sys.argv[1], sys.argv[2]
count = 0
failed = 0


def check(desc, ok, diag=""):
    global count, failed
    count += 1
    print(("ok %d - %s" if ok else "not ok %d - %s") % (count, desc))
    if not ok:
        failed += 1
        for line in str(diag).splitlines()[:8]:
            print("# " + line)


def run(*args):
    p = subprocess.run([RC, *args], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def sha(node):
    text = json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def rehash(doc):
    doc["inputs_sha256"] = sha(doc["inputs"])
    doc["sha256"] = sha({k: v for k, v in doc.items() if k != "sha256"})


def f_of(wit, x):
    h = [Q(v) for v in x]
    for b in wit["blocks"]:
        z = [sum(Q(u) * hj for u, hj in zip(row, h)) for row in b["U"]]
        h = [hi + sum(Q(V[k]) * z[k] for k in range(len(z)) if z[k] > 0)
             for hi, V in zip(h, b["V"])]
    return sum(Q(w) * hi for w, hi in zip(wit["w"], h))


def value(wit, X):
    return sum((1 if s == "+" else -1) * f_of(wit, x) for s, x in zip(wit["eps"], X)) / len(X)


tmp = tempfile.mkdtemp()
rc, out = run("verify", "thm5", "--cert-dir", tmp)
check("verify thm5 exits 0", rc == 0, out)
path = os.path.join(tmp, "yun19.thm5.json")
doc = json.load(open(path))
X = doc["inputs"]["X"]
n = len(X)
B2 = max(sum(Q(v) ** 2 for v in x) for x in X)
check("B^2 = max |x_i|^2", Q(doc["results"]["B_squared"]) == B2)
for c, (cin, cres) in enumerate(zip(doc["inputs"]["classes"], doc["results"]["classes"])):
    M2 = [Q(m) for m in cin["M_squared"]]
    prod = math.prod((1 + 2 * m for m in M2), start=Q(1))
    U2 = B2 * prod * prod / n
    check(f"class {c}: upper^2 = B^2 prod(1+2M^2)^2/n", Q(cres["upper_squared"]) == U2)
    if not M2:
        E = sum(math.sqrt(sum(float(sum((1 if (k >> i) & 1 == 0 else -1) * Q(X[i][j])
                                        for i in range(n))) ** 2 for j in range(len(X[0]))))
                for k in range(2 ** n)) / 2 ** n / n
        mid = float(cres["exact"].strip("[").split()[0])
        check(f"class {c}: L = 0 value recomputed in floats", abs(E - mid) < 1e-12, (E, mid))
        continue
    ws = cres["witnesses"]
    check(f"class {c}: 2^n witnesses, each sign vector once",
          sorted(w["eps"] for w in ws) == sorted(
              "".join("-" if (k >> i) & 1 else "+" for i in range(n)) for k in range(2 ** n)))
    inside = all(sum(Q(v) ** 2 for v in w["w"]) <= 1 and all(
        sum(Q(v) ** 2 for r in b[m] for v in r) <= M for b, M in zip(w["blocks"], M2)
        for m in ("V", "U")) for w in ws)
    check(f"class {c}: every witness in F_L (Python fractions)", inside)
    vals = [value(w, X) for w in ws]
    check(f"class {c}: every value recomputed", all(Q(w["value"]) == v for w, v in zip(ws, vals)))
    lower = sum(vals) / 2 ** n
    check(f"class {c}: lower = average, below the bound",
          Q(cres["lower"]) == lower and lower * lower < U2 and cres["comparison"] == "below")


def tampered(desc, fn, expect):
    d = copy.deepcopy(doc)
    fn(d)
    rehash(d)
    p = os.path.join(tmp, "t.json")
    json.dump(d, open(p, "w"), sort_keys=True, indent=2)
    rc, out = run("check", p)
    check(desc, rc == 1 and "REJECTED" in out and expect in out, out)


k1 = next(i for i, c in enumerate(doc["inputs"]["classes"]) if c["M_squared"])


def scale_V(d):
    b = d["results"]["classes"][k1]["witnesses"][3]["blocks"][0]
    b["V"] = [[str(Q(v) * 2) for v in r] for r in b["V"]]


tampered("a witness with |V_1|_F^2 > M_1^2 is rejected", scale_V, "not in the class")
tampered("a missing sign vector is rejected",
         lambda d: d["results"]["classes"][k1]["witnesses"].pop(5), "expected 64")
tampered("a sign vector twice (and one missing) is rejected",
         lambda d: d["results"]["classes"][k1]["witnesses"][1].update(
             eps=d["results"]["classes"][k1]["witnesses"][0]["eps"]), "out of place")


def swap(d):
    ws = d["results"]["classes"][k1]["witnesses"]
    ws[0], ws[1] = ws[1], ws[0]


tampered("two witnesses swapped (each sign vector still once) are rejected", swap, "out of place")
tampered("a changed value is rejected",
         lambda d: d["results"]["classes"][k1]["witnesses"][0].update(value="1"), "value")


# the class constraint ignored: w scaled by 10 makes the average exceed the
# bound; the checker must reject the witnesses, not report a refutation
def blow_up(d):
    cres = d["results"]["classes"][k1]
    for w in cres["witnesses"]:
        w["w"] = [str(Q(v) * 10) for v in w["w"]]
        w["value"] = str(value(w, X))
    lower = sum(Q(w["value"]) for w in cres["witnesses"]) / 2 ** n
    cres["lower"] = str(lower)
    cres["comparison"] = "above"
    check("ignoring |w| <= 1 would put the average above the bound",
          lower * lower > Q(cres["upper_squared"]))


tampered("... and the checker rejects it for the class constraint", blow_up, "|w|^2")

# L = 0 on orthogonal data: every |sum eps_i x_i|^2 = 2, value sqrt(2)/2 = B/sqrt(n)
spec = {"kind": "yun19.rademacher", "X": [["1", "0"], ["0", "1"]], "classes": [{"M": []}]}
sp = os.path.join(tmp, "orth.json")
json.dump(spec, open(sp, "w"))
rc, out = run("verify", "thm5", "--spec", sp, "--cert-dir", tmp)
cert = json.load(open(os.path.join(tmp, "yun19.thm5--orth.json"))) if rc == 0 else {}
check("L = 0 with equality (orthogonal data): decided exactly, verified", rc == 0 and
      cert["results"]["classes"][0]["comparison"] == "equal", out)

# user witnesses: one outside the class is an input error naming it
wit = {"eps": "+-", "w": ["1", "0"], "blocks": [{"V": [["1", "0"], ["0", "0"]],
                                                "U": [["1", "0"], ["0", "0"]]}]}
spec = {"kind": "yun19.rademacher", "X": [["1", "0"], ["1/2", "1/2"]],
        "classes": [{"M": ["1/2"], "witnesses": [wit]}], "search": {"restarts": 2, "iterations": 50}}
json.dump(spec, open(sp, "w"))
rc, out = run("verify", "thm5", "--spec", sp, "--no-cert")
check("a spec witness outside the class: exit 2 naming it",
      rc == 2 and "classes[0].witnesses[0]" in out and "not in the class" in out, out)
spec["classes"][0]["M"] = ["1"]
json.dump(spec, open(sp, "w"))
rc, out = run("verify", "thm5", "--spec", sp, "--no-cert")
check("a spec witness inside the class: verified", rc == 0, out)
spec["classes"][0]["witneses"] = []
json.dump(spec, open(sp, "w"))
rc, out = run("verify", "thm5", "--spec", sp, "--no-cert")
check("a misspelt key: exit 2 with a suggestion", rc == 2 and 'did you mean "witnesses"' in out, out)
# the cost is estimated before the work: 2^10 sign vectors with a long search
big = {"kind": "yun19.rademacher", "X": [[str(i), "1"] for i in range(10)],
       "classes": [{"M": ["1"] * 8, "width": [16] * 8}],
       "search": {"restarts": 100, "iterations": 1000}}
json.dump(big, open(sp, "w"))
rc, out = run("verify", "thm5", "--spec", sp, "--no-cert")
check("a search beyond the budget: exit 2 before the work, naming the field",
      rc == 2 and "field classes" in out and "beyond the budget" in out, out)
big["X"] = [[str(i), "1"] for i in range(11)]
json.dump(big, open(sp, "w"))
rc, out = run("verify", "thm5", "--spec", sp, "--no-cert")
check("n = 11 samples: exit 2 (2^n sign vectors)", rc == 2 and "field X" in out, out)
print("1..%d" % count)
sys.exit(1 if failed else 0)

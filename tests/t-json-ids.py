#!/usr/bin/python3
"""`verify --format json`: the document's shape, and statement IDs that are
stable (docs/specs.md, "JSON output"):

- the JSON is validated field by field (types, the status words, the ID
  grammar), for several quick claims;
- IDs are unique within each claim, and equal across two runs;
- on user data of the same kind (examples/sec31-fc-beats-linear.json) the
  statements that both runs make (R_lin, R2, the table rows, the constant
  fit) carry the same IDs while their values differ: the values are not in
  the IDs;
- an exact value, where given, is the one the text states (R_lin, R2), and
  the paper's value is carried where the spec prints one.
Prints TAP; exit 1 on any failure."""
import json
import os
import re
import subprocess
import sys
from fractions import Fraction

RC, SRC = sys.argv[1], sys.argv[2]
QUICK = ["yun19.rlin", "yun19.table1", "yun19.prop1", "yun19.nonmono", "li18.lemma1",
         "li18.thm2-n2", "li18.thm2-n3"]
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.[1-9][0-9]*$")
STATUS = {"verified", "refuted", "undecided", "note"}
n = 0
failed = 0


def ok(cond, what):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))


def run(args):
    p = subprocess.run([RC, "verify", "--no-cert", "--format", "json"] + args,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1, 3):
        sys.exit("verify %s: exit %d: %s" % (args, p.returncode, p.stderr))
    return json.loads(p.stdout)


def schema_errors(doc):
    errs = []
    if set(doc) != {"tool", "claims"} or not isinstance(doc["claims"], list):
        return ["top level: %s" % sorted(doc)]
    for c in doc["claims"]:
        for k, t in (("claim", str), ("spec", str), ("data", str), ("on", str),
                     ("inputs_sha256", str), ("verdict", str), ("statements", list)):
            if not isinstance(c.get(k), t):
                errs.append("%s: field %s" % (c.get("claim"), k))
        if c.get("verdict") not in STATUS - {"note"}:
            errs.append("%s: verdict %r" % (c.get("claim"), c.get("verdict")))
        for s in c.get("statements", []):
            if set(s) != {"id", "status", "text", "paper", "detail", "value"}:
                errs.append("%s: statement keys %s" % (c["claim"], sorted(s)))
                continue
            if not isinstance(s["id"], str) or not ID.match(s["id"]):
                errs.append("%s: id %r" % (c["claim"], s["id"]))
            if s["status"] not in STATUS:
                errs.append("%s: status %r" % (c["claim"], s["status"]))
            if not isinstance(s["text"], str):
                errs.append("%s: text" % c["claim"])
            for k in ("paper", "detail", "value"):
                if s[k] is not None and not isinstance(s[k], str):
                    errs.append("%s: %s %r" % (c["claim"], k, s[k]))
    return errs


def ids(doc):
    return {c["claim"]: [s["id"] for s in c["statements"]] for c in doc["claims"]}


def by_id(doc, claim):
    c = next(c for c in doc["claims"] if c["claim"] == claim)
    return {s["id"]: s for s in c["statements"]}


a = run(QUICK)
b = run(QUICK)
errs = schema_errors(a)
ok(not errs, "the JSON of %d claims has the documented shape%s" % (len(QUICK),
                                                                 ": " + "; ".join(errs[:5]) if errs else ""))
ok(len(a["claims"]) == len(QUICK), "one entry per claim")
for claim, lst in ids(a).items():
    dup = sorted({i for i in lst if lst.count(i) > 1})
    ok(not dup and lst, "%s: %d statement IDs, unique%s" % (claim, len(lst), " (repeated: %s)" % dup if dup else ""))
ok(ids(a) == ids(b), "IDs are the same in a second run")
generic = sorted("%s %s" % (c, i) for c, lst in ids(a).items() for i in lst if i.startswith("statement."))
ok(not generic, "no statement of these claims falls back to the ID 'statement' (a format without words "
   "must be keyed)%s" % (": %s" % generic if generic else ""))
nm = by_id(a, "yun19.nonmono")
ok(nm.get("risk.1", {}).get("value") == "0" and nm["risk.1"]["text"].startswith("risk at the point = 0")
   and [nm.get("err.%d" % k, {}).get("value") for k in (1, 2, 3)] == ["25/78", "8/21", "0"],
   "nonmono: risk.1 = 0 and err.1..3 = 25/78, 8/21, 0 as exact values (the paper's 0.3205, 0.3810, 0)")

# user data of the same kind: same IDs for the same statements, other values
spec = os.path.join(SRC, "examples", "sec31-fc-beats-linear.json")
u = run(["yun19.prop1", "--spec", spec])
ok(not schema_errors(u), "the user-data JSON has the documented shape")
p, q = by_id(a, "yun19.prop1"), by_id(u, "yun19.prop1")
for key, prefix in (("r-lin.1", "R_lin = "), ("r2.1", "R2(theta2) = "),
                    ("table1-row.1", "Table 1 row"), ("table1-row.7", "Table 1 row"),
                    ("mirror-row.1", "mirror row"),
                    ("constant-fc-net-w1-0-or-w2-0-best-constant-fit.1", "constant FC net")):
    both = key in p and key in q
    ok(both and p[key]["text"].startswith(prefix) and q[key]["text"].startswith(prefix),
       "%s names the same statement (%s...) on the paper's and on user data" % (key, prefix))
    ok(both and p[key]["value"] and q[key]["value"] and p[key]["value"] != q[key]["value"],
       "%s: its values differ (%s vs %s), the ID does not" %
       (key, p.get(key, {}).get("value"), q.get(key, {}).get("value")))
ok(p["r-lin.1"]["value"] == "8*rho^2/15" and p["r-lin.1"]["text"].startswith("R_lin = 8*rho^2/15 "),
   "R_lin's exact value is the one its text states")
ok(p["r2.1"]["text"].startswith("R2(theta2) = " + p["r2.1"]["value"]),
   "R2's exact value is the one its text states: %s" % p["r2.1"]["value"])
# that spec's y is x + rho*e: the affine fit of x is exact, so R_lin is
# rho^2 times the mean squared residual of e's affine fit on x
xs = [Fraction(i) for i in range(7)]
e = [Fraction(1), 0, Fraction(-1), Fraction(1), 0, Fraction(-1, 2), Fraction(1)]
mx, me = sum(xs) / 7, sum(e) / 7
slope = sum((x - mx) * (y - me) for x, y in zip(xs, e)) / sum((x - mx) ** 2 for x in xs)
r = sum((y - me - slope * (x - mx)) ** 2 for x, y in zip(xs, e)) / 7
ok(q["r-lin.1"]["paper"] is None and q["r-lin.1"]["value"] == "%d*rho^2/%d" % (r.numerator, r.denominator),
   "user data without printed values: no paper value; R_lin = %s*rho^2, as computed here" % r)

# a printed value is carried beside the computed one
spec = os.path.join(SRC, "examples", "sec31-with-printed-values.json")
w = by_id(run(["yun19.prop1", "--spec", spec]), "yun19.prop1")
ok(w["r2.1"]["paper"] == "rho^2*(12*rho^2 + 82*rho + 215)/(21*rho^2 + 156*rho + 420)"
   and w["r2.1"]["status"] == "verified",
   "the paper's value as printed in the spec, beside the computed one")
print("1..%d" % n)
sys.exit(1 if failed else 0)

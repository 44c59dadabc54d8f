#!/usr/bin/python3
"""Tampering measured on meaning: a structured mutation pass over every
committed certificate, with the hashes recomputed, so that only what the
certificate says is tested (issue 8, section 7).

Classes of mutants (each applied wherever it applies in every certificate):
  key.remove, key.rename.*, key.duplicate   every key of every object
  array.drop, array.duplicate, array.swap   every element of every array
  sign.*                                    every number: "p/q" and integer
                                            strings, JSON integers (sign,
                                            indices, counts), decimals
  label.*                                   the claim ID, the rule, or all of
                                            claim, rule and spec from another
                                            certificate
  transplant.*                              witnesses (inequality witnesses,
                                            sign tables and their parts, the
                                            located interval, abs_max/abs_min,
                                            spectrum objects) from another
                                            certificate or another row
  inputs.replace                            the inputs of another certificate
                                            or of a spec in examples/
Each certificate is mutated as committed (the paper's data) and, for the
mutants that touch the inputs, also as a user-data certificate (its `spec`
a file name): on the paper's data any change to the inputs is refused by the
data binding alone, on user data the rule itself has to refuse it. The
certificates of examples/my-paper (every generic kind of issue 11) are made
afresh and mutated as the user data they are.

Every mutant must be rejected (one stderr line `FILE: REJECTED: PATH: ...`,
or `FILE: beyond the limits (docs/limits.md): PATH: ...` for a refusal before
the work, whose PATH is a JSON path of the mutant or of the certificate) unless it is
provably equivalent: then it must match one of the equivalences documented in
docs/certificates.md ("What the hash alone protects"), each of which is a
predicate below (EQUIVALENCES); the test reads the documented list and
requires it to be exactly the predicates. An accepted mutant that matches
none fails the test. Edits of each documented kind are also made on
purpose (classes equivalent.*): each must be accepted and recognised by its
own predicate, so that no predicate is vacuous and no documented equivalence
is false.

By default the mutants are sampled deterministically: transplants, label
swaps and replaced inputs are all tested, and the first mutant of each other
(class, shape) is always tested (shape: the JSON path with the array
indices left out, from the innermost witness), the rest at a stride per certificate that keeps the whole
test near half a minute. RESCHECK_TAMPER_FULL=1 tests every mutant;
RESCHECK_MUTATE_ONLY=PREFIX,... keeps the classes that start so.
Prints TAP, with the counts per class and per equivalence."""
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from fractions import Fraction

RC, SRC = sys.argv[1], sys.argv[2]
FULL = os.environ.get("RESCHECK_TAMPER_FULL") == "1"
# for a look at some classes only: RESCHECK_MUTATE_ONLY=value.,transplant.
ONLY = tuple(c for c in os.environ.get("RESCHECK_MUTATE_ONLY", "").split(",") if c)
# default sampling: per certificate and variant, at most about this many
# mutants beyond the first of each shape, fewer for large certificates
# (their rejection costs a whole recomputation)
BUDGET_BYTES = 1_500_000
SANITIZE = os.environ.get("RESCHECK_TEST_SANITIZE") == "1"
if SANITIZE:   # docs/testing.md: every check dearer
    BUDGET_BYTES //= 4
BUDGET_MIN, BUDGET_MAX = 40, 2500
ALWAYS = ("transplant.", "label.", "inputs.")   # never sampled
BATCH = 250          # files per 'rescheck check' run
JOBS = 2             # check runs at once (the machine has two cores)
TRANSPLANT_DONORS = 4  # distinct donor values per witness site
USER_SPEC = "mutation-user-spec.json"

tests = []


def check(desc, ok, diag=""):
    tests.append((desc, ok, diag))


# ---- hashes -----------------------------------------------------------------

def sha(node):
    text = json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def derived(key):
    """Members that are hashes of the rest: sha256 (the body), X_sha256 (X)."""
    return isinstance(key, str) and (key == "sha256" or key.endswith("_sha256"))


def rehash(doc):
    """Recomputes the hash members that are present under their own names:
    X_sha256 of member X, then sha256 of everything but itself. Nothing is
    hard-coded beyond that naming rule, so a new top-level member is covered."""
    doc = dict(doc)
    for k in list(doc):
        if k.endswith("_sha256") and k[:-len("_sha256")] in doc:
            doc[k] = sha(doc[k[:-len("_sha256")]])
    if "sha256" in doc:
        doc["sha256"] = sha({k: v for k, v in doc.items() if k != "sha256"})
    return doc


# ---- paths ------------------------------------------------------------------

def walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for k in sorted(node):
            yield from walk(node[k], path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def get(node, path):
    for p in path:
        node = node[p]
    return node


def replace(doc, path, fn):
    """A new document with the container at path replaced by fn(copy of it);
    only the containers along the path are copied."""
    if not path:
        return fn(dict(doc) if isinstance(doc, dict) else list(doc))
    head, rest = path[0], path[1:]
    new = dict(doc) if isinstance(doc, dict) else list(doc)
    new[head] = replace(doc[head], rest, fn)
    return new


def set_at(doc, path, value):
    def put(c):
        c[path[-1]] = value
        return c
    return replace(doc, path[:-1], put)


def shape(doc, path):
    """The path with array indices left out, and relative to the innermost
    witness it passes through (an inequality witness: a member sign_table; a
    spectrum object: a member abs_max), so that every witness counts as one
    shape wherever it stands."""
    out, node = [], doc
    for p in path:
        if isinstance(node, dict) and ("sign_table" in node or "abs_max" in node):
            out = ["<inequality>" if "sign_table" in node else "<spectrum>"]
        out.append("*" if isinstance(p, int) else p)
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(out)


def path_str(path):
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else ("." if out else "") + p
    return out


PATH_TOKEN = re.compile(r"([A-Za-z0-9_]+)|\[(\d+)\]|\.")


def parse_path(s):
    """'results.rows[2].lo' -> ('results', 'rows', 2, 'lo'), or None."""
    if s == "(top level)":
        return ()
    out, pos = [], 0
    while pos < len(s):
        m = PATH_TOKEN.match(s, pos)
        if not m:
            return None
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(int(m.group(2)))
        pos = m.end()
    return tuple(out)


def resolves(doc, path):
    try:
        get(doc, path)
        return True
    except (KeyError, IndexError, TypeError):
        return False


# ---- exact helpers for the equivalence predicates -----------------------------

def poly_eval(p, x):
    r = Fraction(0)
    for c in reversed(p):
        r = r * x + int(c)
    return r


def poly_rem(a, b):
    a = [Fraction(c) for c in a]
    while len(a) >= len(b) and any(a):
        q = a[-1] / b[-1]
        shift = len(a) - len(b)
        for i, c in enumerate(b):
            a[shift + i] -= q * c
        a.pop()
    while a and a[-1] == 0:
        a.pop()
    return a


def sturm_roots(p, lo, hi):
    """Real roots of the square-free p in (lo, hi), lo and hi not roots."""
    seq = [[Fraction(int(c)) for c in p], [Fraction(i * int(c)) for i, c in enumerate(p)][1:]]
    while seq[-1] and len(seq[-1]) > 1:
        r = poly_rem(seq[-2], seq[-1])
        if not r:
            break
        seq.append([-c for c in r])

    def changes(x):
        signs = [s for s in (poly_eval(q, x) for q in seq) if s != 0]
        return sum(1 for a, b in zip(signs, signs[1:]) if (a < 0) != (b < 0))
    return changes(lo) - changes(hi)


def same_root(poly, lo1, hi1, lo2, hi2):
    """[lo2, hi2] isolates the same root of the irreducible poly as [lo1, hi1]."""
    lo1, hi1, lo2, hi2 = map(Fraction, (lo1, hi1, lo2, hi2))
    if len(poly) == 2:
        r = Fraction(-int(poly[0]), int(poly[1]))
        return lo1 == hi1 == lo2 == hi2 == r
    return (lo2 < hi2 and poly_eval(poly, lo2) != 0 and poly_eval(poly, hi2) != 0 and
            sturm_roots(poly, lo2, hi2) == 1 and
            sturm_roots(poly, min(lo1, lo2), max(hi1, hi2)) == 1)


def end_value(s):
    """A domain end: None for an infinite one."""
    return None if s in ("inf", "-inf") else Fraction(s)


# ---- the documented equivalences --------------------------------------------------

def diff(a, b, path=()):
    """Where two documents differ: (path, 'value' | 'structure')."""
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [(path, "structure")]
        return [d for k in sorted(a) for d in diff(a[k], b[k], path + (k,))]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [(path, "structure")]
        return [d for i in range(len(a)) for d in diff(a[i], b[i], path + (i,))]
    if type(a) is not type(b):
        return [(path, "structure")]
    return [] if a == b else [(path, "value")]


def meaning_diff(orig, mut):
    """The differences outside the hash members (recomputed for every mutant)."""
    return [d for d in diff({k: v for k, v in orig.items() if not derived(k)},
                            {k: v for k, v in mut.items() if not derived(k)})]


def values_only(diffs):
    return bool(diffs) and all(kind == "value" for _, kind in diffs)


def eq_sample_in_gap(orig, mut, diffs):
    """Only samples' `at` changed, each new one strictly inside the same gap
    between the (unchanged) listed roots, where N*D has the recorded sign."""
    if not values_only(diffs):
        return False
    for path, _ in diffs:
        if len(path) < 4 or path[-4:-2] != ("sign_table", "samples") or path[-1] != "at":
            return False
        w = get(mut, path[:-4])
        roots, i = w["sign_table"]["roots"], path[-2]
        at = Fraction(get(mut, path))
        left = end_value(w["domain"]["lo"]) if i == 0 else Fraction(roots[i - 1]["hi"])
        right = end_value(w["domain"]["hi"]) if i == len(roots) else Fraction(roots[i]["lo"])
        if (left is not None and not left < at) or (right is not None and not at < right):
            return False
        nd = poly_eval(w["function"]["num"], at) * poly_eval(w["function"]["den"], at)
        if (nd > 0) - (nd < 0) != w["sign_table"]["samples"][i]["sign"]:
            return False
    return True


def isolating_change(mut, orig, diffs, where):
    """Only lo/hi of isolating intervals changed, each still isolating the
    same root of the same polynomial; where(path, holder) says which."""
    if not values_only(diffs):
        return False
    seen = set()
    for path, _ in diffs:
        if path[-1] not in ("lo", "hi") or not where(path[:-1], get(mut, path[:-1])):
            return False
        seen.add(path[:-1])
    for hp in seen:
        new, old = get(mut, hp), get(orig, hp)
        if "poly" in new:
            poly = new["poly"]
        else:  # a sign-table root names its factor
            poly = get(mut, hp[:-2])["factors"][new["factor"]]["poly"]
        if not same_root(poly, old["lo"], old["hi"], new["lo"], new["hi"]):
            return False
    return True


def eq_root_interval(orig, mut, diffs):
    """Another isolating interval of the same root of a sign table's factor;
    the decimal string (unchanged) is what the checker recomputed from it."""
    return isolating_change(mut, orig, diffs,
                            lambda p, h: len(p) >= 3 and p[-3:-1] == ("sign_table", "roots"))


def eq_end_interval(orig, mut, diffs):
    """Another isolating interval of the same algebraic number at an end of a
    claim's interval (inputs.interval) or of a witness's located interval."""
    return isolating_change(mut, orig, diffs,
                            lambda p, h: len(p) >= 2 and p[-2] == "interval" and p[-1] in ("lo", "hi")
                            and isinstance(h, dict) and "poly" in h)


def eq_abs_interval(orig, mut, diffs):
    """Another isolating interval of an li18 abs_max / abs_min root; the cond
    string (unchanged) is what the checker recomputed from it."""
    return isolating_change(mut, orig, diffs, lambda p, h: p and p[-1] in ("abs_max", "abs_min"))


def eq_factor_order(orig, mut, diffs):
    """A sign table's factors listed in another order, each root naming the
    same factor at its new index: the same factorisation."""
    if not diffs:
        return False
    tables = set()
    for path, _ in diffs:
        i = max((k for k, p in enumerate(path) if p == "sign_table"), default=-1)
        rest = path[i + 1:]
        if i < 0 or not (rest[:1] == ("factors",) or (rest[:1] == ("roots",) and rest[2:] == ("factor",))):
            return False
        tables.add(path[:i + 1])
    def canon(factors):
        return sorted(json.dumps(f, sort_keys=True) for f in factors)
    for tp in tables:
        old, new = get(orig, tp), get(mut, tp)
        if canon(old["factors"]) != canon(new["factors"]):
            return False
        if any(new["factors"][b["factor"]] != old["factors"][a["factor"]]
               for a, b in zip(old["roots"], new["roots"])):
            return False
    return True


def eq_tool(orig, mut, diffs):
    """Only the provenance member `tool` changed, still "rescheck VERSION"."""
    return (values_only(diffs) and all(p == ("tool",) for p, _ in diffs) and
            mut["tool"].startswith("rescheck "))


def eq_spec_name(orig, mut, diffs):
    """Only the provenance member `spec` changed, to a name that is not
    `built-in:`: the inputs, not this label, decide whether the certificate is
    the paper's claim."""
    return (values_only(diffs) and all(p == ("spec",) for p, _ in diffs) and
            not mut["spec"].startswith("built-in:"))


def spec_text(node):
    """A certificate's input value as a spec writes it: an element of Q(rho)
    as an expression, a printed cell as its text, an interval as "(lo, hi]"."""
    def poly(cs):
        t = [f"({c})" + ("" if i == 0 else "*rho" if i == 1 else f"*rho^{i}")
             for i, c in enumerate(cs) if c != "0"]
        return "+".join(t) or "0"

    def end(e):
        if isinstance(e, str):
            return e
        if len(e["poly"]) == 2:
            return str(Fraction(e["lo"]))
        if len(e["poly"]) == 3 and e["poly"][1] == "0" and Fraction(e["lo"]) >= 0:
            return f"sqrt({Fraction(-int(e['poly'][0]), int(e['poly'][2]))})"
        raise ValueError("no spec text for this end")
    if isinstance(node, dict):
        if set(node) == {"num", "den"}:
            return f"({poly(node['num'])})/({poly(node['den'])})"
        if set(node) == {"text", "value"}:
            return node["text"]
        if set(node) == {"lo", "hi", "lo_closed", "hi_closed"}:
            return ("[" if node["lo_closed"] else "(") + end(node["lo"]) + ", " + \
                end(node["hi"]) + ("]" if node["hi_closed"] else ")")
        # a member the prover writes as null is one the spec leaves out
        return {k: spec_text(v) for k, v in node.items() if v is not None}
    if isinstance(node, list):
        return [spec_text(v) for v in node]
    return node


BUILTIN_SPECS = os.path.join(SRC, "src", "claims", "data")


def prover_agrees(mut):
    """Runs the prover on a spec of the mutant's inputs (the built-in spec of
    the certificate's kind, its members replaced by the inputs'); true when it
    writes the same inputs, results and verdict."""
    name = mut["spec"]
    if str(mut["rule"]).startswith("user."):
        # a generic kind's inputs are the claim's own spec object
        spec = mut["inputs"]
        if not isinstance(spec, dict):
            return False
    else:
        base = None
        for f in sorted(glob.glob(os.path.join(BUILTIN_SPECS, "*.json"))):
            if ORIG_SPECS.get(mut["rule"]) == "built-in:" + os.path.basename(f)[:-5]:
                base = json.load(open(f))
        if base is None:
            return False
        try:
            spec = dict(base, **spec_text(mut["inputs"]))
        except (ValueError, KeyError, TypeError):
            return False
    with tempfile.TemporaryDirectory() as d:
        sp = os.path.join(d, name)
        open(sp, "w").write(json.dumps(spec))
        which = [] if str(mut["rule"]).startswith("user.") else [mut["claim"]]
        subprocess.run([RC, "verify", *which, "--spec", sp, "--cert-dir", d],
                       capture_output=True, text=True)
        out = glob.glob(os.path.join(d, "*.json"))
        out = [json.load(open(f)) for f in out if f != sp]
    return len(out) == 1 and all(out[0].get(k) == mut[k] for k in ("claim", "rule", "inputs",
                                                                    "results", "verdict"))


def eq_other_data(orig, mut, diffs):
    """On user data only: just the inputs changed, to other data on which the
    prover (run on a spec of them) writes the same results and verdict. A
    valid certificate of that data; the checker names it a user claim with
    the new inputs' sha256."""
    return (bool(diffs) and not mut["spec"].startswith("built-in:") and
            all(p[:1] == ("inputs",) for p, _ in diffs) and prover_agrees(mut))


def eq_witness_network(orig, mut, diffs):
    """yun19.thm5: only entries of witness networks (w, V_l, U_l) changed, and
    each changed witness is still in the class (|w|^2 <= 1, |V_l|_F^2,
    |U_l|_F^2 <= M_l^2) with the recorded value: another member of F_L
    attaining the same value, so the same lower bound."""
    if mut.get("rule") != "yun19.rademacher/1" or not values_only(diffs):
        return False
    held = set()
    for path, _ in diffs:
        if len(path) < 6 or path[:2] != ("results", "classes") or path[3] != "witnesses" or \
                path[5] not in ("w", "blocks"):
            return False
        held.add(path[:5])
    X = [[Fraction(v) for v in x] for x in mut["inputs"]["X"]]
    for hp in held:
        w, M2 = get(mut, hp), [Fraction(m) for m in mut["inputs"]["classes"][hp[2]]["M_squared"]]
        sq = lambda rows: sum(Fraction(v) ** 2 for r in rows for v in r)
        if sq([w["w"]]) > 1 or any(sq(b["V"]) > m or sq(b["U"]) > m
                                   for b, m in zip(w["blocks"], M2)):
            return False
        total = Fraction(0)
        for sgn, x in zip(w["eps"], X):
            h = list(x)
            for b in w["blocks"]:
                z = [sum(Fraction(u) * hj for u, hj in zip(row, h)) for row in b["U"]]
                h = [hi + sum(Fraction(V[k]) * z[k] for k in range(len(z)) if z[k] > 0)
                     for hi, V in zip(h, b["V"])]
            f = sum(Fraction(a) * hi for a, hi in zip(w["w"], h))
            total += f if sgn == "+" else -f
        if total / len(X) != Fraction(w["value"]):
            return False
    return True


def is_prime64(n):
    """Miller-Rabin with the first 12 primes as bases: exact below 3.3e24"""
    if n < 2:
        return False
    small = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for p in small:
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in small:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def is_rank_witness(node):
    return isinstance(node, dict) and set(node) == {"rank", "rows", "cols", "prime", "kernel"}


def eq_rank_prime(orig, mut, diffs):
    """Only the `prime` of rank witnesses changed, each to another prime below
    2^64 in canonical spelling: the checker verifies det A[rows, cols] != 0
    modulo the new prime as it did modulo the old one, so it is another
    witness of the same rank."""
    if not values_only(diffs):
        return False
    for path, _ in diffs:
        if path[-1] != "prime" or not is_rank_witness(get(mut, path[:-1])):
            return False
        v = get(mut, path)
        if not isinstance(v, str) or not re.fullmatch(r"[1-9][0-9]*", v) or \
                not int(v) < 2 ** 64 or not is_prime64(int(v)):
            return False
    return True


# id -> predicate; the ids are the documented list's (docs/certificates.md)
EQUIVALENCES = {
    "sample-in-gap": eq_sample_in_gap,
    "root-interval": eq_root_interval,
    "end-interval": eq_end_interval,
    "abs-interval": eq_abs_interval,
    "factor-order": eq_factor_order,
    "tool": eq_tool,
    "spec-name": eq_spec_name,
    "other-data": eq_other_data,
    "witness-network": eq_witness_network,
    "rank-prime": eq_rank_prime,
}


def documented_equivalences():
    """The ids of the list under "What the hash alone protects"."""
    text = open(os.path.join(SRC, "docs", "certificates.md")).read()
    start = text.find("What the hash alone protects")
    if start < 0:
        return set()
    end = text.find("\n#", start)
    section = text[start:end if end > 0 else len(text)]
    return set(re.findall(r"^- `([a-z0-9-]+)`", section, re.M))


# ---- the mutants ------------------------------------------------------------------

NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(/[1-9][0-9]*)?$")
DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+$")
BALL = re.compile(r"\[-?[0-9][0-9.e+-]* \+/- ")   # an Arb ball "[2.71 +/- 1.2e-20]"


def flip_string(s):
    if NUMBER.match(s) or DECIMAL.match(s):
        return ("sign.decimal-string" if DECIMAL.match(s) else "sign.number-string",
                s[1:] if s.startswith("-") else "-" + s)
    if BALL.match(s):
        return "sign.decimal-string", "[" + (s[2:] if s[1] == "-" else "-" + s[1:])
    return None


def renames(key, siblings):
    """Renamed keys: a letter changed, a prefix or suffix added, truncated,
    case changed; never onto a sibling's name."""
    out = []
    for i in range(len(key) - 1, -1, -1):
        c = key[i]
        if c.isalpha():
            for r in ("b", "a") if c.lower() == "a" else ("a", "b"):
                cand = key[:i] + (r.upper() if c.isupper() else r) + key[i + 1:]
                if cand != key and cand not in siblings:
                    out.append(("key.rename.letter", cand))
                    break
            break
    for cls, cand in (("key.rename.prefix", "x" + key), ("key.rename.suffix", key + "_"),
                      ("key.rename.truncate", key[:-1]),
                      ("key.rename.case", key.swapcase())):
        if cand and cand != key and cand not in siblings:
            out.append((cls, cand))
    return out


def emit_dup(node, path):
    """JSON text of node with the last key of path written twice."""
    if not path:
        raise ValueError
    if len(path) == 1:
        k = path[0]
        if isinstance(node, dict):
            parts = [json.dumps(key) + ":" + json.dumps(v) for key, v in sorted(node.items())]
            dup = json.dumps(k) + ":" + json.dumps(node[k])
            i = sorted(node).index(k)
            parts.insert(i + 1, dup)
            return "{" + ",".join(parts) + "}"
    head = path[0]
    if isinstance(node, dict):
        parts = [json.dumps(key) + ":" + (emit_dup(v, path[1:]) if key == head else json.dumps(v))
                 for key, v in sorted(node.items())]
        return "{" + ",".join(parts) + "}"
    parts = [emit_dup(v, path[1:]) if i == head else json.dumps(v) for i, v in enumerate(node)]
    return "[" + ",".join(parts) + "]"


def structural_mutants(doc, in_inputs_only):
    """(class, path of the change, mutated doc or ('text', doc, dup path))"""
    for path, node in walk(doc):
        if in_inputs_only and (not path or path[0] != "inputs"):
            continue
        if isinstance(node, dict):
            for k in sorted(node):
                kp = path + (k,)
                if in_inputs_only and kp == ("inputs",):
                    continue
                yield "key.remove", kp, replace(doc, path, lambda c, k=k: (c.pop(k), c)[1])
                for cls, new in renames(k, node):
                    def ren(c, k=k, new=new):
                        c[new] = c.pop(k)
                        return c
                    yield cls, kp, replace(doc, path, ren)
                yield "key.duplicate", kp, ("dup", kp)
        elif isinstance(node, list):
            for i in range(len(node)):
                yield "array.drop", path + (i,), replace(doc, path, lambda c, i=i: (c.pop(i), c)[1])
                yield "array.duplicate", path + (i,), replace(
                    doc, path, lambda c, i=i: (c.insert(i, c[i]), c)[1])
                if i + 1 < len(node) and node[i] != node[i + 1]:
                    def swap(c, i=i):
                        c[i], c[i + 1] = c[i + 1], c[i]
                        return c
                    yield "array.swap", path + (i,), replace(doc, path, swap)
        elif isinstance(node, str) and path and not derived(path[-1]):
            f = flip_string(node)
            if f:
                yield f[0], path, set_at(doc, path, f[1])
        elif isinstance(node, int) and not isinstance(node, bool) and node != 0 and path:
            yield "sign.json-integer", path, set_at(doc, path, -node)


def is_label(node):
    """A value that is not a number: a flag, null, a word, a location."""
    return (node is None or isinstance(node, bool) or
            (isinstance(node, str) and flip_string(node) is None) or
            (isinstance(node, dict) and len(node) == 1 and
             all(isinstance(v, int) for v in node.values())))


def label_values(docs):
    """key -> the distinct labels it holds anywhere in docs (JSON texts)."""
    seen = {}
    for d in docs:
        for path, node in walk(d):
            if path and isinstance(path[-1], str) and not derived(path[-1]) and is_label(node):
                vals = seen.setdefault(path[-1], [])
                text = json.dumps(node, sort_keys=True)
                if text not in vals:
                    vals.append(text)
    return seen


def value_mutants(doc, labels, in_inputs_only):
    """Every label replaced by another one its key holds elsewhere (a flag
    also by its negation): words such as op, orientation, fit_case, lo_at,
    activations, verdict, spec; flags such as holds, pole, lo_closed."""
    for path, node in walk(doc):
        if (not path or not isinstance(path[-1], str) or derived(path[-1]) or
                not is_label(node) or (in_inputs_only and path[0] != "inputs")):
            continue
        own = json.dumps(node, sort_keys=True)
        others = [t for t in labels.get(path[-1], []) if t != own][:3]
        if isinstance(node, bool) and json.dumps(not node) not in others:
            others.append(json.dumps(not node))
        for t in others:
            yield "value.replace", path, set_at(doc, path, json.loads(t))


def fstr(q):
    return str(Fraction(q))


def halve(poly, lo, hi):
    """The half of (lo, hi) that keeps the root of poly it isolates."""
    lo, hi = Fraction(lo), Fraction(hi)
    mid = (lo + hi) / 2
    if (poly_eval(poly, lo) < 0) != (poly_eval(poly, mid) < 0):
        return fstr(lo), fstr(mid)
    return fstr(mid), fstr(hi)


def equivalent_edits(doc):
    """Edits of the documented kinds, made on purpose: each must be accepted
    and recognised by its predicate, so that no predicate is vacuous and no
    documented equivalence is false. (class, path, mutant, equivalence)"""
    yield "equivalent.tool", ("tool",), dict(doc, tool="rescheck 0.0.1-other"), "tool"
    yield "equivalent.spec-name", ("spec",), dict(doc, spec="renamed-spec.json"), "spec-name"
    for path, node in walk(doc.get("results", {}), ("results",)):
        if not isinstance(node, dict):
            continue
        if "sign_table" in node:
            st, dom = node["sign_table"], node["domain"]
            roots = st["roots"]
            for i, smp in enumerate(st["samples"]):
                right = dom["hi"] if i == len(roots) else roots[i]["lo"]
                at = Fraction(smp["at"])
                new = at + 1 if right == "inf" else (at + Fraction(right)) / 2
                yield "equivalent.sample-in-gap", path + ("sign_table", "samples", i, "at"), \
                    set_at(doc, path + ("sign_table", "samples", i, "at"), fstr(new)), "sample-in-gap"
            for j, r in enumerate(roots):
                if r["lo"] != r["hi"]:
                    lo, hi = halve(st["factors"][r["factor"]]["poly"], r["lo"], r["hi"])
                    rp = path + ("sign_table", "roots", j)
                    yield "equivalent.root-interval", rp, set_at(doc, rp, dict(r, lo=lo, hi=hi)), \
                        "root-interval"
            if len(st["factors"]) >= 2:
                perm = list(range(len(st["factors"])))
                perm[0], perm[1] = 1, 0    # new index of each old factor
                facs = [None] * len(perm)
                for old, new in enumerate(perm):
                    facs[new] = st["factors"][old]
                new_st = dict(st, factors=facs,
                              roots=[dict(r, factor=perm[r["factor"]]) for r in roots])
                yield "equivalent.factor-order", path + ("sign_table", "factors"), \
                    set_at(doc, path + ("sign_table",), new_st), "factor-order"
            for end in ("lo", "hi"):
                e = node["interval"][end]
                if isinstance(e, dict) and e["lo"] != e["hi"]:
                    lo, hi = halve(e["poly"], e["lo"], e["hi"])
                    ep = path + ("interval", end)
                    yield "equivalent.end-interval", ep, set_at(doc, ep, dict(e, lo=lo, hi=hi)), \
                        "end-interval"
        if "abs_max" in node:
            for k in ("abs_max", "abs_min"):
                a = node[k]
                if a["lo"] != a["hi"]:
                    lo, hi = halve(a["poly"], a["lo"], a["hi"])
                    yield "equivalent.abs-interval", path + (k,), \
                        set_at(doc, path + (k,), dict(a, lo=lo, hi=hi)), "abs-interval"
        if is_rank_witness(node):
            # the next prime: a small determinant is not 0 modulo it either
            p = int(node["prime"]) + 2
            while not is_prime64(p):
                p += 2
            yield "equivalent.rank-prime", path + ("prime",), \
                set_at(doc, path + ("prime",), str(p)), "rank-prime"


def witness_sites(doc):
    """(kind, path) of every witness in the results, found by shape."""
    for path, node in walk(doc.get("results", {}), ("results",)):
        if not isinstance(node, dict):
            continue
        if "sign_table" in node:
            yield "transplant.inequality", path
            yield "transplant.sign_table", path + ("sign_table",)
            for part in ("factors", "roots", "samples"):
                yield f"transplant.sign_table.{part}", path + ("sign_table", part)
            yield "transplant.interval", path + ("interval",)
            yield "transplant.maximal_set", path + ("maximal_set",)
        if "abs_max" in node:
            yield "transplant.spectrum", path
            yield "transplant.abs", path + ("abs_max",)
            yield "transplant.abs", path + ("abs_min",)


class Checker:
    """'rescheck check' over files in batches of BATCH, JOBS runs at once,
    started while the next batch is being written. results(): {file:
    (accepted, [its stderr lines without the file name])}."""

    def __init__(self):
        self.queue, self.running, self.out = [], [], {}

    def add(self, f):
        self.out[f] = [False, []]
        self.queue.append(f)
        if len(self.queue) >= BATCH:
            self.launch()

    def launch(self):
        if not self.queue:
            return
        while len(self.running) >= JOBS:
            self.reap(self.running.pop(0))
        self.running.append((subprocess.Popen([RC, "check"] + self.queue, stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, text=True), self.queue))
        self.queue = []

    def reap(self, run):
        p, files = run
        stdout, stderr = p.communicate()
        for f in files:   # checked: the file is not needed any more
            os.unlink(f)
        for line in stdout.splitlines():
            name = line.split(": ", 1)[0]
            if name in self.out and line[len(name):].startswith(": valid,"):
                self.out[name][0] = True
        for line in stderr.splitlines():
            name = line.split(": ", 1)[0]
            if name in self.out:
                self.out[name][1].append(line[len(name) + 2:])

    def results(self):
        self.launch()
        while self.running:
            self.reap(self.running.pop(0))
        return self.out


# ---- the pass -----------------------------------------------------------------------

certs = {}
for f in sorted(glob.glob(os.path.join(SRC, "certificates", "*.json"))):
    certs[os.path.basename(f)] = json.load(open(f))
check("committed certificates exist", len(certs) >= 5, f"found {len(certs)}")
ORIG_SPECS = {d["rule"]: d["spec"] for d in certs.values()}
EXPECTED = {}   # class of edits made on purpose -> the equivalence that must explain them
REFUSALS = ("REJECTED: ", "beyond the limits (docs/limits.md): ")

documented = documented_equivalences()
check("docs/certificates.md lists exactly the equivalences the test checks",
      documented == set(EQUIVALENCES),
      f"documented only: {sorted(documented - set(EQUIVALENCES))}; "
      f"in the test only: {sorted(set(EQUIVALENCES) - documented)}")

TMP = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # many small files
with tempfile.TemporaryDirectory(dir=TMP) as tmp:
    # donors: the committed certificates and those of the specs in examples/
    donors = dict(certs)
    for spec in sorted(glob.glob(os.path.join(SRC, "examples", "*.json"))):
        d = os.path.join(tmp, "ex-" + os.path.basename(spec))
        subprocess.run([RC, "verify", "all", "--spec", spec, "--cert-dir", d],
                       capture_output=True, text=True)
        for f in sorted(glob.glob(os.path.join(d, "*.json"))):
            donors[f"{os.path.basename(spec)}:{os.path.basename(f)}"] = json.load(open(f))
    check("the specs in examples/ give donor certificates", len(donors) > len(certs),
          f"{len(donors) - len(certs)} from examples/")
    # the generic kinds' certificates (issue 11), as a user's paper makes them:
    # user data by nature (their spec is the claims file), mutated as such
    mine = os.path.join(tmp, "my-paper")
    subprocess.run([RC, "verify", "--spec", os.path.join(SRC, "examples", "my-paper", "claims.json"),
                    "--cert-dir", mine], capture_output=True, text=True)
    user_kind = {f"my-paper:{os.path.basename(f)}": json.load(open(f))
                 for f in sorted(glob.glob(os.path.join(mine, "*.json")))}
    check("examples/my-paper gives a certificate of every generic kind",
          {d["rule"].split("/")[0] for d in user_kind.values()} >=
          {"user.identity", "user.inequality", "user.rounding", "user.lsq", "user.matrix"},
          sorted(d["rule"] for d in user_kind.values()))
    donors.update(user_kind)
    LABELS = label_values([d for _, d in sorted(donors.items())])

    # the user-data variants must be valid to begin with
    users = {name: rehash(dict(doc, spec=USER_SPEC)) for name, doc in certs.items()}
    ck = Checker()
    for name, doc in users.items():
        p = os.path.join(tmp, f"user-{name}")
        open(p, "w").write(json.dumps(doc))
        ck.add(p)
    res = ck.results()
    check("every certificate relabelled as user data (spec a file name) is valid",
          all(acc for acc, _ in res.values()),
          "\n".join(f"{f}: {lines}" for f, (acc, lines) in res.items() if not acc))

    def mutants_of(name, doc, variant):
        """Every mutant of one certificate in one variant."""
        yield from structural_mutants(doc, variant == "user")
        yield from value_mutants(doc, LABELS, variant == "user")
        if variant == "paper":
            for cls, path, m, why in equivalent_edits(doc):
                EXPECTED[cls] = why
                yield cls, path, m
        others = [d for n, d in sorted(donors.items()) if n != name]
        labels = sorted({(d["claim"], d["rule"], d["spec"]) for d in others}, key=str)
        for claim in sorted({c for c, _, _ in labels} - {doc["claim"]}):
            yield "label.claim", ("claim",), dict(doc, claim=claim)
        for rule in sorted({r for _, r, _ in labels} - {doc["rule"]}):
            yield "label.rule", ("rule",), dict(doc, rule=rule)
        for claim, rule, spec in labels:
            if (claim, rule) != (doc["claim"], doc["rule"]):
                yield "label.claim+rule+spec", ("claim",), dict(
                    doc, claim=claim, rule=rule, spec=spec if variant == "paper" else USER_SPEC)
        seen = []
        for d in others:
            if d["inputs"] != doc["inputs"] and d["inputs"] not in seen:
                seen.append(d["inputs"])
                yield "inputs.replace", ("inputs",), dict(doc, inputs=d["inputs"])
        if variant == "user":
            return
        # witnesses from other certificates and other rows, by kind
        pool = {}
        for dn, d in sorted(donors.items()):
            for kind, wp in witness_sites(d):
                if resolves(d, wp):
                    pool.setdefault(kind, []).append(get(d, wp))
        for kind, wp in witness_sites(doc):
            if not resolves(doc, wp):
                continue
            own, used = get(doc, wp), []
            for value in pool.get(kind, []):
                if value != own and value not in used:
                    used.append(value)
                    yield kind, wp, set_at(doc, wp, value)
                    if len(used) >= TRANSPLANT_DONORS:
                        break

    counts = {}   # class -> [mutants, tested, rejected, {equivalence: n}, unexplained]
    sampling, meta, ck = [], {}, Checker()
    runs = [(name, doc, variant) for name, doc in certs.items() for variant in ("paper", "user")]
    runs += [(name, doc, "user") for name, doc in user_kind.items()]
    users.update(user_kind)
    for name, doc, variant in runs:
        base = doc if variant == "paper" else users[name]
        muts = [m for m in mutants_of(name, base, variant) if not ONLY or m[0].startswith(ONLY)]
        # deterministic sample: the first of each (class, shape), the rest at a stride
        first, rest, seen = [], [], set()
        for mu in muts:
            key = (mu[0], shape(base, mu[1]))
            # the few, costly-to-miss classes are always tested in full
            (rest if key in seen and not mu[0].startswith(ALWAYS) else first).append(mu)
            seen.add(key)
        budget = max(BUDGET_MIN, min(BUDGET_MAX, BUDGET_BYTES // len(json.dumps(base))))
        stride = 1 if FULL or len(rest) <= budget else -(-len(rest) // budget)
        # the sanitizer pass: every other shape (every class still runs), since
        # it looks for memory errors, which the first shapes of a class reach
        picked = (first[::2] if SANITIZE else first) + rest[::stride]
        sampling.append(f"{name} ({variant}): {len(picked)} of {len(muts)} mutants"
                        + ("" if stride == 1 else f" (each shape once, the rest at stride {stride})"))
        for cls, _, _ in muts:
            counts.setdefault(cls, [0, 0, 0, {}, 0])[0] += 1
        for n, (cls, path, m) in enumerate(picked):
            if isinstance(m, tuple):   # a duplicated key, written by hand
                text, mdoc = emit_dup(base, m[1]), None
            else:
                mdoc = rehash(m)
                if mdoc == base:
                    continue
                text = json.dumps(mdoc)
            p = os.path.join(tmp, f"m-{variant}-{name}-{n}.json")
            open(p, "w").write(text)
            meta[p] = (name, variant, base, cls, path, mdoc)
            ck.add(p)
    res = ck.results()

    bad_reject, unexplained, examples, beyond = [], [], {}, {}
    for p, (name, variant, base, cls, path, mdoc) in meta.items():
        c = counts[cls]
        c[1] += 1
        accepted, lines = res[p]
        where = f"{name} ({variant}) {cls} at {path_str(path)}"
        if not accepted and cls in EXPECTED:
            bad_reject.append(f"{where}: a documented equivalent rejected: {lines}")
            continue
        if not accepted:
            # REJECTED, or refused before the work (docs/limits.md, exit 2)
            head = next((h for h in REFUSALS if len(lines) == 1 and lines[0].startswith(h)), None)
            ok = head is not None
            if ok:
                jp = parse_path(lines[0][len(head):].split(": ", 1)[0])
                # a member of the mutant or of the certificate, or a missing member of
                # either; a duplicated key must be named itself
                ok = jp is not None and (jp == path if cls == "key.duplicate" else any(
                    resolves(d, q) for d in (mdoc or base, base) for q in (jp, jp[:-1])))
            if ok:
                c[2] += 1
                if head != REFUSALS[0]:
                    beyond[cls] = beyond.get(cls, 0) + 1
            else:
                bad_reject.append(f"{where}: {lines or 'no output'}")
            continue
        diffs = meaning_diff(base, mdoc) if mdoc else []
        why = next((e for e, pred in EQUIVALENCES.items() if pred(base, mdoc, diffs)), None) \
            if mdoc else None
        if why and EXPECTED.get(cls, why) != why:
            unexplained.append(f"{where}: accepted as {why}, made as {EXPECTED[cls]}")
            c[4] += 1
        elif why:
            c[3][why] = c[3].get(why, 0) + 1
            examples.setdefault(why, []).append(where)
        else:
            c[4] += 1
            unexplained.append(f"{where}: accepted; changed " + ", ".join(
                f"{path_str(q)} to {json.dumps(get(mdoc, q))[:60]}" for q, _ in diffs[:4]))

print("# sampling: " + ("every mutant (RESCHECK_TAMPER_FULL=1)" if FULL else
                        "the first mutant of each class and shape, the rest at a stride "
                        "(RESCHECK_TAMPER_FULL=1 for every mutant)"))
for line in sampling:
    print(f"#   {line}")
total, made, per_eq = [0] * 5, [0] * 5, {}
for cls in sorted(counts):
    gen, tested, rej, eq, unexp = counts[cls]
    for e, n in eq.items():
        per_eq.setdefault(e, [0, 0])[cls in EXPECTED] += n
    row = (gen, tested, rej, sum(eq.values()), unexp)
    if cls in EXPECTED:
        made = [t + x for t, x in zip(made, row)]
    else:
        total = [t + x for t, x in zip(total, row)]
    eqs = ", ".join(f"{e} {n}" for e, n in sorted(eq.items()))
    lim = f" ({beyond[cls]} of them beyond the limits)" if beyond.get(cls) else ""
    print(f"# {cls}: {gen} mutants, {tested} tested: {rej} rejected{lim}, {sum(eq.values())} "
          f"accepted as equivalent{' (' + eqs + ')' if eqs else ''}, {unexp} unexplained")
nlim = sum(n for c, n in beyond.items() if c not in EXPECTED)
print(f"# total: {total[0]} mutants, {total[1]} tested: {total[2]} rejected "
      f"({nlim} of them beyond the limits), "
      f"{total[3]} accepted as equivalent, {total[4]} unexplained")
print(f"# equivalent edits made on purpose: {made[0]}, {made[1]} tested: {made[3]} accepted "
      f"and recognised, {made[1] - made[3]} not")
for e in EQUIVALENCES:
    mutants, edits = per_eq.get(e, [0, 0])
    print(f"# equivalence {e}: {mutants} mutants accepted as it, and {edits} edits made on purpose"
          + "".join(f"\n#   e.g. {x}" for x in examples.get(e, [])[:3]))
for cls in sorted(counts):
    mine = [u for u in unexplained if f" {cls} at " in u]
    malformed = [b for b in bad_reject if f" {cls} at " in b]
    check(f"{cls}: {counts[cls][1]} mutants, each rejected with one line naming a JSON path "
          f"or a documented equivalent", not mine and not malformed, "\n".join(mine[:6] + malformed[:6]))
check("no accepted mutant is unexplained", total[4] == 0, f"{total[4]} unexplained")

failed = 0
for i, (desc, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
    if not ok:
        failed += 1
        for line in str(diag).splitlines()[:12]:
            print(f"# {line}")
print(f"1..{len(tests)}")
sys.exit(1 if failed else 0)

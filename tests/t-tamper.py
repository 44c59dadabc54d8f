#!/usr/bin/python3
"""Tampered certificates are rejected.

1. Every single-digit change in every committed certificate, hash left as it
   was: rejected (the hash no longer matches).
2. The same changes with the hash recomputed, in every input and result
   that is not witness data: rejected (the checker recomputes them).
3. Witness data changed so that it no longer proves what it says (hash
   recomputed): rejected. (A witness changed into another valid witness,
   e.g. a different sample point in the same gap, is a valid certificate.)
4. Missing and extra fields, a wrong hash, an unknown format version or rule.

1 and 2 run at a stride by default (at most STALE_MAX and FRESH_MAX changes
per certificate, evenly spread; the TAP lines say which stride ran); with
RESCHECK_TAMPER_FULL=1 every digit is changed with the stale hash and 400
per certificate with a recomputed one. Prints TAP."""
import copy
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile

RC, SRC = sys.argv[1], sys.argv[2]
tests = []


def check(desc, ok, diag=""):
    tests.append((desc, ok, diag))


def rehash(doc):
    if "inputs" in doc:  # the format hashes the inputs alone too
        text = json.dumps(doc["inputs"], sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        doc["inputs_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    body = {k: v for k, v in doc.items() if k != "sha256"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    return doc


def dump(doc):
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=True) + "\n"


def outcomes(paths):
    """Runs one 'rescheck check' over many files; returns the set accepted."""
    accepted = set()
    for i in range(0, len(paths), 500):
        chunk = paths[i:i + 500]
        r = subprocess.run([RC, "check"] + chunk, capture_output=True, text=True)
        for line in r.stdout.splitlines():
            if ": valid," in line:
                accepted.add(line.split(": valid,")[0])
    return accepted


WITNESS_KEYS = {"sign_table", "interval", "decimal", "abs_max", "abs_min"}
# By default at most STALE_MAX digits of a certificate are changed with the
# stale hash and FRESH_MAX with a recomputed one, at a fixed stride (the li18
# n = 1 certificate alone has about 36000 digits; a change with a recomputed
# hash costs a whole recomputation). RESCHECK_TAMPER_FULL=1 changes every
# digit with the stale hash and 400 with a recomputed one (about five minutes
# on two cores). The sanitizer pass (docs/testing.md) makes every check
# several times dearer: fewer recomputed-hash changes there.
FULL = os.environ.get("RESCHECK_TAMPER_FULL") == "1"
SANITIZE = os.environ.get("RESCHECK_TEST_SANITIZE") == "1"
STALE_MAX = None if FULL else 1000
FRESH_MAX = 400 if FULL else 20 if SANITIZE else 100
print(f"# digit sweep: {'full (RESCHECK_TAMPER_FULL=1)' if FULL else 'at a stride (RESCHECK_TAMPER_FULL=1 for every digit)'}: "
      f"{'every digit' if FULL else f'at most {STALE_MAX} digits'} per certificate with the stale hash, "
      f"at most {FRESH_MAX} with a recomputed one")


def digit_sites(node, path=()):
    """(path, position) of every digit inside every string value."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from digit_sites(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from digit_sites(v, path + (i,))
    elif isinstance(node, str):
        for pos, ch in enumerate(node):
            if ch.isdigit():
                yield path, pos


def set_at(doc, path, value):
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def get_at(doc, path):
    node = doc
    for p in path:
        node = node[p]
    return node


def is_witness(path):
    # a rank witness's prime: another prime with a nonzero minor modulo it is
    # another valid witness (docs/certificates.md, `rank-prime`)
    if path and path[-1] == "prime":
        return True
    return any(p in WITNESS_KEYS for p in path if isinstance(p, str)) and "function" not in path


certs = sorted(glob.glob(os.path.join(SRC, "certificates", "*.json")))
check("committed certificates exist", len(certs) >= 5, f"found {len(certs)}")
# thousands of small files: in memory when /dev/shm is there
with tempfile.TemporaryDirectory(dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None) as tmp:
    for cert in certs:
        name = os.path.basename(cert)
        orig = json.load(open(cert))
        base = rehash(copy.deepcopy(orig))
        check(f"{name}: the Python hash reproduces the certificate's", base["sha256"] == orig["sha256"])
        stale, fresh = [], []
        sites = list(digit_sites({k: v for k, v in orig.items() if k != "sha256"}))
        stale_stride = 1 if STALE_MAX is None else max(1, -(-len(sites) // STALE_MAX))
        fresh_sites = [i for i, (path, pos) in enumerate(sites)
                       if not is_witness(path) and path[0] not in ("tool", "inputs_sha256")]
        fresh_stride = max(1, -(-len(fresh_sites) // FRESH_MAX))
        fresh_pick = set(fresh_sites[::fresh_stride])
        for n, (path, pos) in enumerate(sites):
            if n % stale_stride and n not in fresh_pick:
                continue
            s = get_at(orig, path)
            new_digit = "7" if s[pos] != "7" else "3"
            # changed in place and restored below: a deep copy per change
            # cost more than the checker
            set_at(orig, path, s[:pos] + new_digit + s[pos + 1:])
            if n % stale_stride == 0:
                p = os.path.join(tmp, f"{name}.stale.{n}.json")
                open(p, "w").write(json.dumps(orig))
                stale.append(p)
            # the tool's version is provenance: the hash covers it, but a
            # certificate from another version is still a proof
            if n in fresh_pick:
                p2 = os.path.join(tmp, f"{name}.fresh.{n}.json")
                open(p2, "w").write(json.dumps(rehash(dict(orig))))
                fresh.append((p2, path))
            set_at(orig, path, s)
        acc = outcomes(stale)
        every = "every digit" if stale_stride == 1 else f"stride {stale_stride} over {len(sites)} digits"
        check(f"{name}: {len(stale)} single-digit changes rejected (stale hash, {every})", not acc,
              "\n".join(sorted(acc)[:5]))
        acc = outcomes([p for p, _ in fresh])
        bad = [".".join(map(str, path)) for p, path in fresh if p in acc]
        check(f"{name}: {len(fresh)} changes to inputs and results rejected (hash recomputed, stride {fresh_stride})", not bad,
              "\n".join(bad[:8]))

        def expect_rejected(desc, mutate):
            doc = copy.deepcopy(orig)
            if mutate(doc) is False:
                return
            p = os.path.join(tmp, f"{name}.case.json")
            open(p, "w").write(dump(rehash(doc)))
            r = subprocess.run([RC, "check", p], capture_output=True, text=True)
            ok = r.returncode != 0 and "REJECTED" in r.stderr and len(r.stderr.strip().splitlines()) == 1
            check(f"{name}: {desc} is rejected with one line", ok, r.stdout + r.stderr)

        expect_rejected("a missing field", lambda d: d.pop("results") and None)
        expect_rejected("an extra field", lambda d: d.update(extra="1"))
        expect_rejected("an unknown format version", lambda d: d.update(format_version=d["format_version"] + 1))
        expect_rejected("an unknown rule", lambda d: d.update(rule="yun19.magic/1"))
        expect_rejected("a verdict turned from its value", lambda d: d.update(
            verdict="refuted" if d["verdict"] == "verified" else "verified"))

        # a wrong hash is tested without recomputing it
        doc = copy.deepcopy(orig)
        doc["sha256"] = "0" * 64
        p = os.path.join(tmp, f"{name}.hash.json")
        open(p, "w").write(dump(doc))
        r = subprocess.run([RC, "check", p], capture_output=True, text=True)
        check(f"{name}: a wrong hash is rejected", r.returncode != 0 and "REJECTED" in r.stderr, r.stderr)

        # witnesses that no longer prove what they say
        tables = []

        def find_tables(node, path=()):
            if isinstance(node, dict):
                if "sign_table" in node:
                    tables.append(path)
                for k, v in node.items():
                    find_tables(v, path + (k,))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    find_tables(v, path + (i,))
        find_tables(orig["results"], ("results",))
        with_roots = [t for t in tables if get_at(orig, t)["sign_table"]["roots"]]
        if with_roots:
            t = with_roots[0]

            def drop_root(d):
                st = get_at(d, t)["sign_table"]
                st["roots"].pop()
                st["samples"].pop()
            expect_rejected("a sign table missing a root", drop_root)

            def flip_sign(d):
                get_at(d, t)["sign_table"]["samples"][0]["sign"] *= -1
            expect_rejected("a sample with the wrong sign", flip_sign)

            def empty_interval(d):
                r = get_at(d, t)["sign_table"]["roots"][0]
                if r["lo"] == r["hi"]:
                    r["lo"] = r["hi"] = "1000001/1000000" if r["lo"] != "1000001/1000000" else "3"
                else:
                    r["hi"] = r["lo"] + "0" if "/" in r["lo"] else str(int(r["lo"]) * 10 + 1) + "/10"
            expect_rejected("an isolating interval that holds no root", empty_interval)

            def bad_multiplicity(d):
                get_at(d, t)["sign_table"]["factors"][0]["multiplicity"] += 1
            expect_rejected("a factorisation that does not multiply back", bad_multiplicity)

            def sample_outside(d):
                st = get_at(d, t)["sign_table"]
                st["samples"][0]["at"] = st["samples"][-1]["at"]
            expect_rejected("a sample outside its gap", sample_outside)

            def wrong_location(d):
                iv = get_at(d, t)["interval"]
                at = iv["hi_at"]
                if isinstance(at, dict) and "gap" in at:
                    at["gap"] = (at["gap"] + 1) % (len(get_at(d, t)["sign_table"]["roots"]) + 1)
                elif isinstance(at, dict):
                    iv["hi_at"] = {"gap": at["root"]}
                else:
                    return False
            expect_rejected("a wrong location of the interval's end", wrong_location)

failed = 0
for i, (desc, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
    if not ok:
        failed += 1
        for line in str(diag).splitlines()[:8]:
            print(f"# {line}")
print(f"1..{len(tests)}")
sys.exit(1 if failed else 0)

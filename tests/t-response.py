#!/usr/bin/python3
"""Claim yun19.response, each statement tested where its naive form is false:

- every instance of the built-in certificate against the independent exact
  prototype scripts/yun19_exact.py (Fraction jets, its own LDL^T): risk, R_lin
  (both), gradient, inertia, both coverage ranks;
- (a) "at an L = 1 critical point, R <= R_lin" is false without w != 0: the
  built-in a-w-zero point has R > R_lin and must be a note outside the
  statement, not an 'ok' and not a failure; a spec holding only that point
  leaves (a) undecided (exit 3);
- (a) is a statement about critical points: a non-critical L = 1 point with
  R > R_lin (w != 0, the piecewise instance with y shifted) is outside it too;
- (b) needs the tunable W: the same network without its W_l (identity skips)
  is not counted as a violation, and a spec with no violating instance leaves
  (b) undecided;
- `rescheck check` accepts the certificate and rejects one whose response
  record was flipped and its hashes recomputed.
Prints TAP; exit 1 on any failure."""
import copy
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction as Q

RC, SRC = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(SRC, "scripts"))
from yun19_exact import analyse  # noqa: E402

tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


def builtin():
    with open(os.path.join(SRC, "src/claims/data/yun19-response.json")) as fh:
        return json.load(fh)


def verify(doc, tmp, name):
    f = os.path.join(tmp, name + ".json")
    with open(f, "w") as fh:
        json.dump(doc, fh)
    cdir = os.path.join(tmp, "c-" + name)
    p = subprocess.run([RC, "verify", "yun19.response", "--spec", f, "--cert-dir", cdir],
                       capture_output=True, text=True)
    cert = None
    if os.path.isdir(cdir) and os.listdir(cdir):
        with open(os.path.join(cdir, os.listdir(cdir)[0])) as fh:
            cert = json.load(fh)
    return p, cert


def line(out, prefix, name, part):
    return [ln for ln in out.splitlines() if ln.strip().startswith(prefix) and name + " (" + part + ")" in ln]


def rehash(doc):
    """the certificate's hashes recomputed after an edit (docs/certificates.md)"""
    canon = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    doc["inputs_sha256"] = hashlib.sha256(canon(doc["inputs"]).encode()).hexdigest()
    body = {k: v for k, v in doc.items() if k != "sha256"}
    doc["sha256"] = hashlib.sha256(canon(body).encode()).hexdigest()
    return doc


def main():
    with open(os.path.join(SRC, "certificates/yun19.response.json")) as fh:
        cert = json.load(fh)
    for inp, res in zip(cert["inputs"]["instances"], cert["results"]["instances"]):
        a = analyse(inp["spec"])
        name = inp["name"]
        inn = res["inertia"]
        check("%s: risk, R_lin, gradient, inertia and ranks agree with the Fraction prototype" % name,
              Q(res["risk"]) == a["risk"] and Q(res["R_lin"]) == a["R_lin"]
              and Q(res["R_lin_biased"]) == a["R_lin_biased"]
              and [Q(g) for g in res["gradient"]] == a["grad"]
              and (inn["positive"], inn["zero"], inn["negative"]) == a["inertia"]
              and res["hypotheses"]["representation_coverage"] == a["rep_coverage"]
              and res["hypotheses"]["parameter_coverage"] == a["param_coverage"],
              "%s vs %s" % (res["inertia"], a["inertia"]))
    with tempfile.TemporaryDirectory() as tmp:
        doc = builtin()
        p, c = verify(doc, tmp, "builtin")
        check("built-in data: verified (exit 0)", p.returncode == 0, p.stdout[-400:] + p.stderr)
        wz = line(p.stdout, "note", "a-w-zero", "a")
        check("a-w-zero (w = 0, R > R_lin) is a note outside (a), with R = 3 > R_lin = 37/24",
              len(wz) == 1 and "R = 3 > R_lin = 37/24" in wz[0] and "cannot be dropped" in wz[0], p.stdout)
        check("no (a) line is 'ok' for a-w-zero's R", not [ln for ln in line(p.stdout, "ok", "a-w-zero", "a")
                                                          if "R =" in ln])
        b = line(p.stdout, "ok", "b-tunable-skip", "b")
        check("(b) on b-tunable-skip: R = 1 > R_lin = 4126/4585, n- = 0, n0 = 23 named",
              len(b) == 1 and "R = 1 > R_lin = 4126/4585" in b[0] and "n0 = 23" in b[0], p.stdout)

        only_w0 = dict(doc, instances=[i for i in doc["instances"] if i["name"] in ("a-w-zero", "b-tunable-skip")])
        p, _ = verify(only_w0, tmp, "only-w0")
        check("only the w = 0 point for (a): (a) undecided (exit 3), not verified",
              p.returncode == 3 and "(a): no instance is an L = 1 critical point with w != 0" in p.stdout,
              p.stdout[-600:])

        pw = copy.deepcopy(next(i for i in doc["instances"] if i["name"] == "a-relu-net-piecewise"))
        pw["name"] = "shifted"
        pw["spec"]["y"] = [str(Q(v) + 5) for v in pw["spec"]["y"]]
        a = analyse(pw["spec"])
        check("the shifted piecewise point is not critical and has R > R_lin (the naive data)",
              not a["critical"] and a["risk"] > a["R_lin"], "%s %s" % (a["risk"], a["R_lin"]))
        p, _ = verify(dict(doc, instances=[pw] + doc["instances"]), tmp, "shifted")
        check("a non-critical point with R > R_lin is outside (a): verified, a note",
              p.returncode == 0 and len(line(p.stdout, "note", "shifted", "a")) == 1, p.stdout[-600:])

        bi = copy.deepcopy(next(i for i in doc["instances"] if i["name"] == "b-tunable-skip"))
        for blk in bi["spec"]["blocks"]:
            blk.pop("W")
        bi["name"] = "identity-skips"
        a = analyse(bi["spec"])
        p, _ = verify(dict(doc, instances=[i for i in doc["instances"] if i["name"][0] == "a"] + [bi]),
                      tmp, "no-w")
        check("the (b) network with identity skips instead of W_l is no (b) instance: (b) undecided",
              p.returncode == 3 and "(b): no tunable-skip instance" in p.stdout, p.stdout[-600:])
        check("... and there the prototype finds it no critical point with R > R_lin and n- = 0",
              not (a["critical"] and a["risk"] > a["R_lin"] and a["inertia"][2] == 0))

        f = os.path.join(tmp, "cert.json")
        with open(f, "w") as fh:
            json.dump(cert, fh)
        p = subprocess.run([RC, "check", f], capture_output=True, text=True)
        check("rescheck check accepts the built-in certificate", p.returncode == 0, p.stdout + p.stderr)
        bad = copy.deepcopy(cert)
        bad["results"]["response"][-1]["holds"] = False
        with open(f, "w") as fh:
            json.dump(rehash(bad), fh)
        p = subprocess.run([RC, "check", f], capture_output=True, text=True)
        check("a flipped (b) record with hashes recomputed is rejected, naming results.response",
              p.returncode != 0 and "response" in p.stdout + p.stderr, p.stdout + p.stderr)
    print("1..%d" % len(tests))
    bad = 0
    for k, (desc, ok, diag) in enumerate(tests, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", k, desc))
        if not ok:
            bad += 1
            print("# " + diag.replace("\n", "\n# ")[:2000])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

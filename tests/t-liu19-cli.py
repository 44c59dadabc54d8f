#!/usr/bin/env python3
"""liu19.gd end to end (TAP): the built-in certificate verifies and checks;
the witnesses that trapped runs stay in R2 for ever are verified, not trusted
(a witness whose set misses the iterate, or whose conditions fail, is
rejected, hashes recomputed); the expectation of a run is recomputed; the cost
limit; 'rescheck train liu19.gd --quick' writes its CSV files and pictures,
its statements computed from its rows; --set errors are one line, exit 2."""
import copy, csv, hashlib, json, os, shutil, subprocess, sys, tempfile

RC, SRC = sys.argv[1], sys.argv[2]
n = 0
fails = 0


def ok(cond, desc, diag=""):
    global n, fails
    n += 1
    if not cond:
        fails += 1
        print(f"not ok {n} - {desc}")
        for line in str(diag).splitlines()[:10]:
            print(f"# {line}")
    else:
        print(f"ok {n} - {desc}")


def run(*args):
    return subprocess.run([RC, *args], capture_output=True, text=True)


def sha(node):
    text = json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def rehash(doc):
    doc = dict(doc)
    for k in list(doc):
        if k.endswith("_sha256") and k[:-len("_sha256")] in doc:
            doc[k] = sha(doc[k[:-len("_sha256")]])
    if "sha256" in doc:
        doc["sha256"] = sha({k: v for k, v in doc.items() if k != "sha256"})
    return doc


tmp = tempfile.mkdtemp()
try:
    r = run("list")
    ok(r.returncode == 0 and "liu19.gd" in r.stdout, "rescheck list shows liu19.gd", r.stdout)
    r = run("verify", "liu19.gd", "--cert-dir", tmp)
    ok(r.returncode == 0, "verify liu19.gd: verified", r.stdout + r.stderr)
    ok("rescheck's built-in instances" in r.stdout, "named as rescheck's built-in instances", r.stdout)
    cert = os.path.join(tmp, "liu19.gd.json")
    doc = json.load(open(cert))
    committed = json.load(open(os.path.join(SRC, "certificates", "liu19.gd.json")))
    ok(committed["results"] == doc["results"] and committed["inputs"] == doc["inputs"],
       "the committed certificate is what verify writes now")
    r = run("check", cert)
    ok(r.returncode == 0, "check accepts it", r.stdout + r.stderr)
    runs = {x["name"]: x for x in doc["results"]["runs"]}
    ins = {x["name"]: x for x in doc["inputs"]["runs"]}
    # the statements on the data: outcomes against the inputs
    for name, x in runs.items():
        ok(x["outcome"] == ins[name]["expect"], f"run {name}: outcome {x['outcome']} as expected")
        steps = sum(seg[1] for seg in x["basins"])
        ok(steps == ins[name]["steps"] + 1 == x["enclosed_steps"],
           f"run {name}: a basin for every iterate 0..{ins[name]['steps']}")
        ok((x["stays_in_R2"] is not None) == (x["outcome"] == "trapped"),
           f"run {name}: a stay-in-R2 witness exactly when trapped")
        # a0^T a* recomputed in fractions
        from fractions import Fraction as F
        a0 = [F(v) for v in ins[name]["a0"]]
        ast = [F(v) for v in doc["inputs"]["a_star"]]
        ok(F(x["a0_dot_a_star"]) == sum(p * q for p, q in zip(a0, ast)), f"run {name}: a0^T a* exact")
    # the response's claim on the instance: a negative a0^T a* with a large step is
    # trapped, the same start with a small step and a positive one with a large step are not
    neg_large = [x for nm, x in runs.items() if ins[nm]["shortcut"] and F(x["a0_dot_a_star"]) < 0
                 and F(ins[nm]["eta_w"]) >= 100]
    ok(neg_large and all(x["outcome"] == "trapped" for x in neg_large),
       "shortcut, a0^T a* < 0, eta_w >= 100: trapped")
    others = [x for nm, x in runs.items() if ins[nm]["shortcut"] and x not in neg_large]
    ok(others and all(x["outcome"] == "global" for x in others), "the other shortcut runs: global")

    def tampered(label, f, expect_rc=1, expect_text=""):
        e = copy.deepcopy(doc)
        f(e)
        path = os.path.join(tmp, "t.json")
        json.dump(rehash(e), open(path, "w"))
        r = run("check", path)
        ok(r.returncode == expect_rc and expect_text in r.stdout + r.stderr,
           f"tampered ({label}): exit {expect_rc}", r.stdout + r.stderr)

    trapped = next(i for i, x in enumerate(doc["results"]["runs"]) if x["outcome"] == "trapped")
    glob = next(i for i, x in enumerate(doc["results"]["runs"]) if x["outcome"] == "global")
    W = lambda e: e["results"]["runs"][trapped]["stays_in_R2"]
    tampered("phi1 above the iterate's angle", lambda e: W(e).update(phi1="3"), 1, "not in the set")
    tampered("alpha above -a^T a*", lambda e: W(e).update(alpha="1/2"), 1, "not in the set")
    tampered("witness moved to step 0", lambda e: W(e).update(step=0), 1, "does not prove")
    tampered("A_max so large the w-step can turn back", lambda e: W(e).update(A_max="10"), 1,
             "does not prove")
    tampered("a weaker alpha that still proves it (not canonical)",
             lambda e: W(e).update(alpha="1/1000000"), 1, "canonical")
    tampered("S_hi so large a^T a* can fall", lambda e: W(e).update(S_hi="10"), 1, "fall below")
    tampered("witness removed", lambda e: e["results"]["runs"][trapped].update(stays_in_R2=None), 1,
             "undecided")
    tampered("a global run called trapped",
             lambda e: e["results"]["runs"][glob].update(outcome="trapped"), 1, "outcome")
    tampered("expectation flipped", lambda e: e["inputs"]["runs"][trapped].update(expect="global"), 1,
             "refuted")
    tampered("a basin segment shifted",
             lambda e: e["results"]["runs"][trapped]["basins"][-1].__setitem__(1, 1), 1, "basins")
    tampered("a step size changed", lambda e: e["inputs"]["runs"][glob].update(eta_w="1000"), 1, "")
    tampered("steps beyond the budget", lambda e: e["inputs"]["runs"][0].update(steps=100000), 2,
             "beyond the limits")
    tampered("an unknown key in a run", lambda e: e["inputs"]["runs"][0].update(extra=1), 1, "extra")

    # the example spec (no shortcut)
    r = run("verify", "liu19.gd", "--spec", os.path.join(SRC, "examples", "liu19-gd-plain.json"),
            "--cert-dir", tmp)
    ok(r.returncode == 0 and "on user data" in r.stdout, "the no-shortcut example verifies", r.stdout + r.stderr)
    # a user spec whose expectation is wrong is refuted, not accepted
    spec = json.load(open(os.path.join(SRC, "examples", "liu19-gd-plain.json")))
    spec["runs"][0]["expect"] = "trapped"
    p = os.path.join(tmp, "wrong.json")
    json.dump(spec, open(p, "w"))
    r = run("verify", "liu19.gd", "--spec", p, "--cert-dir", tmp)
    ok(r.returncode == 1, "a wrong expectation is refuted (exit 1)", r.stdout + r.stderr)
    # too little precision: undecided, not wrong
    spec = json.load(open(os.path.join(SRC, "examples", "liu19-gd-plain.json")))
    spec["prec"] = 64
    json.dump(spec, open(p, "w"))
    r = run("verify", "liu19.gd", "--spec", p, "--cert-dir", tmp)
    ok(r.returncode == 3 and "raise prec" in r.stdout, "64 bits over 400 steps: undecided (exit 3)",
       r.stdout + r.stderr)
    # its certificate stops at the first undecided iterate, and the checker,
    # whose own enclosure decides more, accepts that weaker claim as undecided
    import glob as _g
    wc = [f for f in _g.glob(os.path.join(tmp, "liu19.gd--wrong*.json"))]
    ok(len(wc) == 1, "the undecided run wrote its certificate", wc)
    if wc:
        d = json.load(open(wc[0]))
        last = [x["basins"][-1] for x in d["results"]["runs"]]
        ok(any(seg == ["undecided", 1] for seg in last), "a run ends with one undecided iterate", last)
        r = run("check", wc[0])
        ok(r.returncode == 3 and ": valid," in r.stdout and "undecided" in r.stdout, "check: valid, undecided (exit 3)", r.stdout + r.stderr)
        # a certificate that claims a decided iterate beyond the checker's reach is a limit (exit 2)
        e = copy.deepcopy(d)
        i = next(j for j, x in enumerate(e["results"]["runs"]) if x["basins"][-1] == ["undecided", 1])
        e["inputs"]["prec"] = 64
        e["inputs"]["runs"][i]["steps"] = 2000
        e["results"]["runs"][i]["basins"][-1] = ["R2", 1]
        path = os.path.join(tmp, "t2.json")
        json.dump(rehash(e), open(path, "w"))
        r = run("check", path)
        ok(r.returncode in (1, 2), "a decided iterate the checker cannot reach is not accepted", r.stdout + r.stderr)

    # ---- the float experiment, quick ----
    r = run("train", "--list")
    ok(r.returncode == 0 and any(l.startswith("liu19.gd ") for l in r.stdout.splitlines()),
       "train --list shows liu19.gd", r.stdout)
    out = os.path.join(tmp, "train")
    r = run("train", "liu19.gd", "--quick", "--out", out)
    ok(r.returncode == 0, "train liu19.gd --quick", r.stdout + r.stderr)
    for f in ["liu19-runs.csv", "liu19-success.csv", "liu19-rate-k.csv", "liu19-eta.gp", "liu19-k.gp"]:
        ok(os.path.getsize(os.path.join(out, f)) > 0, f"wrote {f}")
    if shutil.which("gnuplot"):
        for f in ["liu19-eta.png", "liu19-k.png"]:
            ok(open(os.path.join(out, f), "rb").read(4) == b"\x89PNG", f"{f} is a PNG")
        import xml.etree.ElementTree as ET
        for stem in ["liu19-eta", "liu19-k"]:
            ok(open(os.path.join(out, stem + ".pdf"), "rb").read(4) == b"%PDF", f"{stem}.pdf is a PDF")
            root = ET.parse(os.path.join(out, stem + ".svg")).getroot()
            ok(root.tag == "{http://www.w3.org/2000/svg}svg", f"{stem}.svg has an <svg> root", root.tag)
    rows = [row for row in csv.DictReader(l for l in open(os.path.join(out, "liu19-runs.csv"))
                                          if not l.startswith("#"))]
    ok(len(rows) == 2 * 2 * 2 * 24, "2 models x 2 k x 2 steps x 24 runs", len(rows))
    # the printed counts are the rows'
    g = sum(1 for x in rows if x["outcome"] == "global")
    t = sum(1 for x in rows if x["outcome"] == "trapped")
    ok(f"{len(rows)} runs: {g} reached the global optimum, {t} ended trapped" in r.stdout,
       "the printed totals are counted from the rows", r.stdout)
    sc_trapped_pos = sum(1 for x in rows if x["model"] == "shortcut" and x["outcome"] == "trapped"
                         and float(x["a0_dot"]) >= 0)
    ok(f"shortcut: {sum(1 for x in rows if x['model'] == 'shortcut' and x['outcome'] == 'trapped')} runs "
       f"ended trapped in R2, {sc_trapped_pos} of them" in r.stdout, "the shortcut line is the rows'", r.stdout)
    # the shortcut at the small step never fails; the large step traps some
    small = [x for x in rows if x["model"] == "shortcut" and float(x["eta_w"]) == 1]
    large = [x for x in rows if x["model"] == "shortcut" and float(x["eta_w"]) == 100]
    ok(all(x["outcome"] == "global" for x in small), "shortcut, eta_w = 1: every run global")
    ok(any(x["outcome"] == "trapped" for x in large), "shortcut, eta_w = 100: some runs trapped")
    # same seed, same rows
    r2 = run("train", "liu19.gd", "--quick", "--out", out + "2")
    ok(open(os.path.join(out, "liu19-runs.csv")).read() == open(os.path.join(out + "2", "liu19-runs.csv")).read(),
       "same seed, same rows byte for byte")
    # --set
    r = run("train", "liu19.gd", "--quick", "--out", out + "3", "--set", "p=4", "--set", "radii=0.5,2",
            "--runs", "3")
    rows3 = [row for row in csv.DictReader(l for l in open(os.path.join(out + "3", "liu19-runs.csv"))
                                           if not l.startswith("#"))]
    ok(r.returncode == 0 and sorted({x["c"] for x in rows3}) == ["0.5", "2"] and "p=4" in r.stdout,
       "--set p=4 --set radii=0.5,2 is used and printed", r.stdout + r.stderr)
    for bad, text in [("p=0", "p=0"), ("nope=1", "no parameter 'nope'"), ("radii=-1", "radii=-1"),
                      ("basin_phi=2", "basin_phi=2")]:
        r = run("train", "liu19.gd", "--quick", "--out", out + "4", "--set", bad)
        ok(r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and text in r.stderr,
           f"--set {bad}: one line, exit 2", r.stderr)
    r = run("train", "li18.fig4", "--quick", "--out", out + "5", "--set", "p=3")
    ok(r.returncode == 2 and "takes no --set" in r.stderr, "another experiment refuses --set", r.stderr)
finally:
    shutil.rmtree(tmp)
print(f"1..{n}")
sys.exit(1 if fails else 0)

#!/usr/bin/python3
"""rescheck cite (docs/citing.md):

- prop1's macro lines, exactly: its hash (the certificate's sha256 field),
  its claim on the paper's data, R2 as the paper prints it
  (\\frac{\\rho^2(12\\rho^2+82\\rho+215)}{21\\rho^2+156\\rho+420}), R_lin, and two
  values with a square root: the interval's end sqrt(5/4) and the end of the
  exact maximal range (3+3*sqrt(21))/4;
- every value macro of several certificates, read back from its LaTeX into
  SymPy, equals the value in the certificate at its key (rational functions,
  rationals, integers, polynomials in x; algebraic numbers: a root of their
  polynomial inside their interval);
- a certificate on user data (a refuted one): the claim macro names the data
  by the inputs' sha256 and says refuted, its footnote too;
- the plain-text footnote, exactly;
- the alias table of docs/citing.md against the code's, on the committed
  certificates;
- an invalid certificate (one digit changed) is not cited: exit 2 naming the
  file, no LaTeX file written; two certificates with one name: exit 2;
- pdflatex (Debian's texlive-latex-base, scripts/install-deps.sh) compiles a
  document using the macros of every committed certificate, and the macros
  reach TeX unchanged; an unknown key stops the compile with the macro's own
  error.
Prints TAP; exit 1 on any failure."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import sympy

RC, SRC = sys.argv[1], sys.argv[2]
CERTS = os.path.join(SRC, "certificates")
PROP1 = os.path.join(CERTS, "yun19.prop1.json")
n = 0
failed = 0
rho, x = sympy.symbols("rho x")


def ok(cond, what):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, what))


def cite(*args):
    return subprocess.run([RC, "cite"] + list(args), capture_output=True, text=True)


DEF = re.compile(r"^\\expandafter\\def\\csname rescheck/([a-z]+)/([A-Za-z0-9._-]+?)(?:/(\S+))?"
                 r"\\endcsname\{(.*)\}$")


def macros(tex):
    """{(kind, name, key): body} of the generated file"""
    out = {}
    for line in tex.splitlines():
        m = DEF.match(line)
        if m:
            out[(m.group(1), m.group(2), m.group(3))] = m.group(4)
    return out


def group(s, i):
    """the balanced {...} starting at s[i]; returns (inside, index after)"""
    assert s[i] == "{", (s, i)
    depth = 0
    for j in range(i, len(s)):
        depth += {"{": 1, "}": -1}.get(s[j], 0)
        if depth == 0:
            return s[i + 1:j], j + 1
    raise ValueError(s)


def tex_to_py(s):
    out, i = [], 0
    while i < len(s):
        for cmd in ("\\ensuremath", "\\frac", "\\sqrt"):
            if s.startswith(cmd, i):
                i += len(cmd)
                a, i = group(s, i)
                if cmd == "\\frac":
                    b, i = group(s, i)
                    out.append("((%s)/(%s))" % (tex_to_py(a), tex_to_py(b)))
                elif cmd == "\\sqrt":
                    out.append("sqrt(%s)" % tex_to_py(a))
                else:
                    out.append("(%s)" % tex_to_py(a))
                break
        else:
            if s.startswith("\\rho", i):
                out.append("rho")
                i += 4
            elif s[i] == "^":
                if s[i + 1] == "{":
                    a, i = group(s, i + 1)
                else:
                    a, i = s[i + 1], i + 2
                out.append("**" + a)
            else:
                out.append(s[i])
                i += 1
    py = "".join(out)
    return re.sub(r"(?<=[0-9)o])(?=[(a-z])", "*", py)


def from_tex(body):
    return sympy.sympify(tex_to_py(body), locals={"rho": rho, "sqrt": sympy.sqrt})


def at(results, key):
    v = results
    for part in key.split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
    return v


def poly(coeffs, var):
    return sum(sympy.Integer(c) * var ** i for i, c in enumerate(coeffs))


def check_value(results, key, body):
    """'' when the LaTeX equals the certificate's value at key, else why not"""
    m = re.match(r"(.*)\.roots\.(\d+)$", key)
    if m and isinstance(at(results, m.group(1)), dict) and "factors" in at(results, m.group(1)):
        table = at(results, m.group(1))
        r = table["roots"][int(m.group(2))]
        v = {"poly": table["factors"][r["factor"]]["poly"], "lo": r["lo"], "hi": r["hi"]}
    else:
        v = at(results, key)
    m = re.match(r"^\\mbox\{the root of \}(.*)\\mbox\{ in \}\\left\[(.*),(.*)\\right\]$", body)
    if m:  # degree > 2: the polynomial (leading coefficient > 0) and the interval
        p = poly(v["poly"], x)
        p = p if sympy.Poly(p, x).LC() > 0 else -p
        same = (sympy.expand(from_tex(m.group(1)) - p) == 0 and
                from_tex(m.group(2)) == sympy.Rational(v["lo"]) and
                from_tex(m.group(3)) == sympy.Rational(v["hi"]))
        return "skip" if same else "%s is not the root of %s in [%s, %s]" % (body, p, v["lo"], v["hi"])
    e = from_tex(body)
    if isinstance(v, dict) and "num" in v:
        want = poly(v["num"], rho) / poly(v["den"], rho)
        return "" if sympy.simplify(e - want) == 0 else "%s != %s" % (e, want)
    if isinstance(v, dict) and "poly" in v:
        p = poly(v["poly"], x)
        lo, hi = sympy.Rational(v["lo"]), sympy.Rational(v["hi"])
        if sympy.expand(p.subs(x, e)) != 0:
            return "%s is not a root of %s" % (e, p)
        return "" if lo <= e <= hi else "%s not in [%s, %s]" % (e, lo, hi)
    if isinstance(v, list):  # a coefficient array: the polynomial in x
        want = poly(v, x)
        return "" if sympy.expand(e - want) == 0 else "%s != %s" % (e, want)
    if isinstance(v, (str, int)) and not isinstance(v, bool):
        return "" if e == sympy.Rational(v) else "%s != %s" % (e, v)
    return "unexpected value %r" % (v,)


version = subprocess.run([RC, "--version"], capture_output=True, text=True).stdout.split()[1]
cert = json.load(open(PROP1))
p = cite(PROP1)
ok(p.returncode == 0, "cite prop1: exit 0 (%s)" % p.stderr.strip())
M = macros(p.stdout)
ok(M.get(("hash", "prop1", None)) == cert["sha256"] and len(cert["sha256"]) == 64,
   "\\rescheckHash{prop1} is the certificate's full sha256")
ok(M.get(("verdict", "prop1", None)) == "verified", "\\rescheckVerdict{prop1} = verified")
claim = M.get(("claim", "prop1", None), "")
ok(claim.startswith("yun19.prop1 (yun19, \\S{}3.1, Proposition 1): ")
   and claim.endswith("; verified on the paper's data"),
   "\\rescheckClaim{prop1} names the claim, its section, and the paper's data: " + claim)
expect = {
    "R2": "\\frac{\\rho^2(12\\rho^2+82\\rho+215)}{21\\rho^2+156\\rho+420}",
    "resnet.risk": "\\frac{\\rho^2(12\\rho^2+82\\rho+215)}{21\\rho^2+156\\rho+420}",
    "R_lin": "\\frac{8\\rho^2}{15}",
    "c": "-\\frac{\\rho(3\\rho^2+33\\rho+110)}{7\\rho^2+52\\rho+140}",
    "rho_bound": "\\frac{\\sqrt{5}}{2}",
    "resnet.risk_minus_r_lin.interval.hi": "\\frac{\\sqrt{5}}{2}",
    "rho_max": "\\frac{3+3\\sqrt{21}}{4}",
}
for key, body in expect.items():
    got = M.get(("value", "prop1", key))
    ok(got == "\\ensuremath{%s}" % body, "\\rescheckValue{prop1}{%s} = %s (got %s)" % (key, body, got))
# the expected strings are the paper's forms; that they are the certificate's
# values is checked from the certificate itself
path_of = {"R2": "resnet.risk", "R_lin": "r_lin", "c": "resnet.c",
           "rho_bound": "resnet.risk_minus_r_lin.interval.hi",
           "rho_max": "resnet.risk_minus_r_lin.sign_table.roots.0"}
for key in expect:
    at_key = path_of.get(key, key)
    why = check_value(cert["results"], at_key, M[("value", "prop1", key)][len("\\ensuremath{"):-1])
    ok(why == "", "%s equals the certificate's value at %s %s" % (key, at_key, why))

# every value of several certificates read back equals the certificate's
for name in ("yun19.prop1", "li18.lemma1", "li18.thm2-n2", "yun19.nonmono", "yun19.table1",
             "liu19.gd"):
    path = os.path.join(CERTS, name + ".json")
    c = json.load(open(path))
    p = cite(path)
    vals = {k[2]: b for k, b in macros(p.stdout).items() if k[0] == "value"}
    aliases = {k for k in vals if "." not in k and k not in c["results"]}
    bad, skipped, checked = [], 0, 0
    for key, body in vals.items():
        if key in aliases:
            continue
        why = check_value(c["results"], key, body[len("\\ensuremath{"):-1])
        if why == "skip":
            skipped += 1
        elif why:
            bad.append("%s: %s" % (key, why))
        else:
            checked += 1
    ok(p.returncode == 0 and checked > 0 and not bad,
       "%s: %d values read back from LaTeX equal the certificate's (and %d roots of degree > 2 as their polynomial and interval)%s"
       % (name, checked, skipped, "; " + "; ".join(bad[:3]) if bad else ""))

# the alias table of docs/citing.md is the code's: every documented alias is
# defined on its claim's committed certificate with its path's value, and
# every alias the code defines there is documented
doc = open(os.path.join(SRC, "docs", "citing.md")).read()
table = doc[doc.index("<!-- aliases: begin -->"):doc.index("<!-- aliases: end -->")]
documented = set()
for row in table.splitlines():
    cells = [c.strip() for c in row.strip("|").split("|")]
    if len(cells) == 4 and cells[0] not in ("claim", "---"):
        documented.add(tuple(cells[:3]))
listed, problems = set(), []
for claim in sorted(os.path.basename(f)[:-5] for f in glob.glob(os.path.join(CERTS, "*.json"))):
    p = cite("--list", os.path.join(CERTS, claim + ".json"))
    rows = [line.split("\t") for line in p.stdout.splitlines()]
    keys = {r[1]: r[2] for r in rows}
    for (c, alias, path) in documented:
        if c == claim:
            if keys.get(alias) is None or keys.get(alias) != keys.get(path):
                problems.append("%s %s -> %s" % (c, alias, path))
    for r in rows:
        if "." not in r[1] and not r[1].isdigit() and r[1] not in json.load(open(os.path.join(CERTS, claim + ".json")))["results"]:
            listed.add((claim, r[1]))
undoc = sorted(listed - {(d[0], d[1]) for d in documented})
ok(documented and not problems and not undoc,
   "docs/citing.md's %d aliases are the code's, each equal to its path's value%s%s" %
   (len(documented), "; wrong: %s" % problems if problems else "",
    "; undocumented: %s" % undoc if undoc else ""))

tmp = tempfile.mkdtemp(prefix="t-cite-")
try:
    # user data: a refuted claim on the user's data, cited as such
    spec = os.path.join(SRC, "examples", "sec31-fc-beats-linear.json")
    v = subprocess.run([RC, "verify", "prop1", "--spec", spec, "--cert-dir", tmp],
                       capture_output=True, text=True)
    upath = os.path.join(tmp, "yun19.prop1--sec31-fc-beats-linear.json")
    u = json.load(open(upath))
    p = cite(upath)
    UM = macros(p.stdout)
    claim = UM.get(("claim", "prop1", None), "")
    ok(v.returncode == 1 and p.returncode == 0
       and claim.endswith("; refuted on user data (inputs sha256 %s)" % u["inputs_sha256"]),
       "a user-data certificate: the claim says refuted on user data with its inputs' sha256")
    ok(UM.get(("verdict", "prop1", None)) == "refuted", "its verdict macro says refuted")
    why = check_value(u["results"], "resnet.risk", UM[("value", "prop1", "R2")][len("\\ensuremath{"):-1])
    ok(why == "" and UM[("value", "prop1", "R2")] != M[("value", "prop1", "R2")],
       "its R2 is its own: %s" % UM[("value", "prop1", "R2")])
    p = cite("--footnote", upath)
    ok(p.stdout == "Refuted by rescheck %s on user data (inputs sha256 %s); certificate sha256 %s; "
       "check with `rescheck check %s`.\n" % (version, u["inputs_sha256"], u["sha256"], upath),
       "its footnote: " + p.stdout.strip())

    # square-root forms on other interval ends: sqrt(7/3) = sqrt(21)/3, sqrt(8) = 2 sqrt(2)
    base = json.load(open(os.path.join(SRC, "examples", "sec31-with-printed-values.json")))
    for end, want in (("sqrt(7/3)", "\\frac{\\sqrt{21}}{3}"), ("sqrt(8)", "2\\sqrt{2}")):
        spec = dict(base, interval="(0, %s]" % end)
        sp = os.path.join(tmp, "end.json")
        json.dump(spec, open(sp, "w"))
        subprocess.run([RC, "verify", "prop1", "--spec", sp, "--cert-dir", tmp], capture_output=True)
        cp = os.path.join(tmp, "yun19.prop1--end.json")
        c = json.load(open(cp))
        got = macros(cite(cp).stdout).get(("value", "prop1", "rho_bound"), "")
        why = check_value(c["results"], "resnet.risk_minus_r_lin.interval.hi", got[len("\\ensuremath{"):-1])
        ok(got == "\\ensuremath{%s}" % want and why == "",
           "interval end %s is cited as %s (got %s) %s" % (end, want, got, why))

    p = cite("--footnote", PROP1)
    ok(p.stdout == "Verified by rescheck %s on the paper's data; certificate sha256 %s; check with "
       "`rescheck check %s`.\n" % (version, cert["sha256"], PROP1), "prop1's footnote: " + p.stdout.strip())

    # an invalid certificate is not cited, and nothing is written
    text = open(PROP1).read()
    bad = os.path.join(tmp, "bad.json")
    i = text.index('"215"')
    open(bad, "w").write(text[:i] + '"216"' + text[i + 5:])
    out = os.path.join(tmp, "out.tex")
    p = cite("--latex", out, PROP1, bad)
    ok(p.returncode == 2 and bad in p.stderr and "not cited" in p.stderr and not os.path.exists(out),
       "a changed digit: exit 2 naming the file, no LaTeX written (%s)" % p.stderr.strip())
    p = cite(PROP1, os.path.join(tmp, "missing.json"))
    ok(p.returncode == 2 and "missing.json" in p.stderr and p.stdout == "",
       "a missing file: exit 2 naming it")
    # a hostile file name cannot end the comment line that names it
    evil = os.path.join(tmp, "a\n\\input{evil}%.json")
    shutil.copy(PROP1, evil)
    p = cite(evil)
    ok(p.returncode == 0 and not any(line.startswith("\\input") for line in p.stdout.splitlines())
       and "\\%" in macros(p.stdout).get(("footnote", "prop1", None), ""),
       "a file name with a newline, a macro and a %: no line of TeX from it, escaped in the footnote")
    os.unlink(evil)
    p = cite(PROP1, upath)
    ok(p.returncode == 2 and "both named prop1" in p.stderr, "two certificates named prop1: exit 2")

    # LaTeX: every committed certificate in one document
    all_certs = sorted(glob.glob(os.path.join(CERTS, "*.json")))
    out = os.path.join(tmp, "rescheck-values.tex")
    p = cite("--latex", out, *all_certs)
    ok(p.returncode == 0 and os.path.exists(out),
       "cite --latex of all %d committed certificates (%s)" % (len(all_certs), p.stderr.strip()))
    AM = macros(open(out).read())
    names = sorted({k[1] for k in AM if k[0] == "hash"})
    ok(len(names) == len(all_certs), "one name per certificate: %s" % ", ".join(names))
    pdflatex = shutil.which("pdflatex")
    ok(pdflatex is not None, "pdflatex is installed (texlive-latex-base, scripts/install-deps.sh)")
    if pdflatex:
        body = "\n".join("\\item \\rescheckClaim{%s}: \\texttt{\\rescheckHash{%s}}\\footnote{\\rescheckFootnote{%s}}"
                         % (nm, nm, nm) for nm in names)
        doc = ("\\documentclass{article}\n\\input{rescheck-values.tex}\n\\begin{document}\n"
               "$R_2(\\theta_2) = \\rescheckValue{prop1}{R2} < \\rescheckValue{prop1}{R_lin}$ "
               "for $0 < \\rho \\le \\rescheckValue{prop1}{rho_bound}$, and exactly up to "
               "\\rescheckValue{prop1}{rho_max}; $c = \\rescheckValue{prop1}{resnet.c}$.\n"
               "\\expandafter\\let\\expandafter\\x\\csname rescheck/value/prop1/R2\\endcsname\n"
               "\\typeout{R2=\\expandafter\\detokenize\\expandafter{\\x}}\n"
               "\\typeout{HASH=\\csname rescheck/hash/prop1\\endcsname}\n"
               "\\begin{itemize}\n%s\n\\end{itemize}\n%%UNKNOWN\n\\end{document}\n" % body)
        open(os.path.join(tmp, "paper.tex"), "w").write(doc)

        def latex():
            return subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error",
                                   "-no-shell-escape", "paper.tex"], cwd=tmp, capture_output=True,
                                  text=True, errors="replace")
        r = latex()
        log = open(os.path.join(tmp, "paper.log"), errors="replace").read()
        ok(r.returncode == 0 and os.path.exists(os.path.join(tmp, "paper.pdf")),
           "pdflatex compiles a document citing every certificate%s" %
           ("" if r.returncode == 0 else ": " + r.stdout[-600:]))
        m = re.search(r"^R2=(.*)$", log, re.M)
        ok(m and m.group(1).replace(" ", "") == "\\ensuremath{%s}" % expect["R2"],
           "R2 reaches TeX as written: %s" % (m.group(1) if m else "?"))
        ok("HASH=%s" % cert["sha256"] in log, "the hash reaches TeX as written")
        open(os.path.join(tmp, "paper.tex"), "w").write(
            doc.replace("%UNKNOWN", "\\rescheckValue{prop1}{no.such.key}"))
        r = latex()
        ok(r.returncode != 0 and "no value prop1/no.such.key" in r.stdout,
           "an unknown key stops pdflatex with the macro's error")
finally:
    shutil.rmtree(tmp)
print("1..%d" % n)
sys.exit(1 if failed else 0)

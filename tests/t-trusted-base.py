#!/usr/bin/python3
"""The trusted-base table in docs/certificates.md is the one
scripts/gen-trusted-base.py generates from the files, its C files are exactly
the sources of the checker library rescheck_check, and the checker includes no
header of the prover. Reports the kernel's size against its 1500-line goal
(a TAP comment: only a stale or disagreeing table fails). Prints TAP.

Usage: t-trusted-base.py SOURCE_DIR "RESCHECK_CHECK_SOURCES" (a ;-list)"""
import glob
import importlib.util
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1])
spec = importlib.util.spec_from_file_location(
    "gen", os.path.join(ROOT, "scripts", "gen-trusted-base.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

# the headers the checker may include: its own, the codec's, the parser's, and
# the version, the documented limits and the empty-safe sort it shares with
# the prover
ALLOWED = {"kernel.h", "rules.h", "rescheck/check.h", "rescheck/cert.h", "rescheck/qrho.h",
           "rescheck/version.h", "rescheck/limits.h", "rescheck/sort.h"}

tests = []


def check(desc, cond, diag=""):
    tests.append((desc, bool(cond), diag))


with open(os.path.join(ROOT, gen.DOC), encoding="utf-8") as f:
    doc = f.read()
tbl, kernel_lines = gen.table(ROOT)
fresh = gen.render(doc, tbl) == doc
check("docs/certificates.md's trusted-base table is the generated one", fresh,
      "stale: run scripts/gen-trusted-base.py and commit docs/certificates.md")

listed = [p for _, files in gen.groups(ROOT) for p in files]
sources = {os.path.relpath(p if os.path.isabs(p) else os.path.join(ROOT, p), ROOT)
           for arg in sys.argv[2:] for p in arg.split(";") if p.endswith(".c")}
in_table = {p for p in listed if p.endswith(".c")}
# a generated source counts when the table lists what it is generated from
generated = set()
for p in sources - in_table:
    inputs = gen.GENERATED.get(os.path.basename(p), [])
    made_from = [q for pattern in inputs for q in glob.glob(os.path.join(ROOT, pattern))]
    if inputs and made_from and all(os.path.relpath(q, ROOT) in listed for q in made_from):
        generated.add(p)
check("the table's C files are exactly rescheck_check's sources",
      sources - generated == in_table,
      f"only in CMake: {sorted(sources - generated - in_table)}; only in the table: "
      f"{sorted(in_table - sources)}")

bad = []
for path in listed:
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        for name in re.findall(r'^#include "([^"]+)"', f.read(), re.M):
            if name not in ALLOWED:
                bad.append(f"{path}: {name}")
check("the checker includes only its own headers and the shared ones listed", not bad,
      "; ".join(bad))

for i, (desc, ok, diag) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
    if not ok:
        print(f"# {diag}")
print(f"# {gen.goal_line(kernel_lines)}")
print(f"1..{len(tests)}")
sys.exit(0 if all(ok for _, ok, _ in tests) else 1)

#!/usr/bin/env python3
"""Writes the table of documented limits in docs/limits.md from
include/rescheck/limits.h (each #define RC_LIMIT_* with its comment), between
the markers <!-- limits:begin --> and <!-- limits:end -->.
    python3 scripts/gen-limits-table.py          rewrite docs/limits.md
    python3 scripts/gen-limits-table.py --check  exit 1 when it is stale"""
import os
import re
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
header = open(os.path.join(root, "include", "rescheck", "limits.h")).read()
rows = []
for name, value, comment in re.findall(
        r"#define (RC_LIMIT_\w+) +(.+?) +/\* (.+?) \*/", header):
    v = value.strip()
    m = re.fullmatch(r"\((\d+)L? << (\d+)\)", v)
    if m:
        v = f"{int(m.group(1)) << int(m.group(2))} ({int(m.group(1)) << int(m.group(2)) >> 20} MiB)"
    rows.append(f"| `{name}` | {v} | {comment} |")
seconds = re.search(r"#define RC_LIMIT_SECONDS ([0-9.]+)", header).group(1)
rows.append(f"| `RC_LIMIT_SECONDS` | {seconds} | the cost budget of one claim (below) |")
table = "| limit | value | what it bounds |\n|---|---|---|\n" + "\n".join(rows) + "\n"
path = os.path.join(root, "docs", "limits.md")
doc = open(path).read()
begin, end = "<!-- limits:begin -->\n", "<!-- limits:end -->"
new = doc[:doc.index(begin) + len(begin)] + table + doc[doc.index(end):]
if "--check" in sys.argv:
    if new != doc:
        print("docs/limits.md: the limits table is stale; run python3 scripts/gen-limits-table.py")
        sys.exit(1)
    sys.exit(0)
open(path + ".tmp", "w").write(new)
os.replace(path + ".tmp", path)

#!/usr/bin/env python3
"""The Figures 5/6 table of docs/reproduction.md, from a run's fig5-levels.csv:
per loss level, each network's mean |lambda|max / mean |lambda|(0.1) / c (their
ratio) and mean index, with how many runs pass the level and have a Hessian
near it. Usage: scripts/fig56-table.py DIR/fig5-levels.csv"""
import csv
import sys

NETS = ["xavier", "orthogonal", "2-shortcut"]


def num(x):
    """3 significant digits, as the docs print them (1.39e−6, 427, 0.452)"""
    x = float(x)
    if x == 0:
        return "0"
    m, _, e = f"{x:.3g}".partition("e")
    return f"{m}e{int(e)}".replace("e-", "e−") if e else m


def cell(r):
    if r is None or int(r["runs_passing"]) == 0:
        return "·", "·"
    runs = int(r["runs"])
    text = f"{num(r['abs_max'])} / {num(r['abs_p10'])} / **{num(r['cond_of_means'])}**"
    passing, data = int(r["runs_passing"]), int(r["runs_with_data"])
    if passing < runs:
        text += f" ({passing}/{runs} runs pass" + (f", {data} with data)" if data < passing else ")")
    elif data < runs:
        text += f" ({data}/{runs} with data)"
    return text, f"{float(r['index']):.3f}"


def main(path):
    rows = [r for r in csv.DictReader(l for l in open(path) if not l.startswith("#"))]
    levels = dict.fromkeys(r["excess_loss"] for r in rows)
    by = {(r["net"], r["excess_loss"]): r for r in rows}
    print("| loss − optimum | " + " | ".join(f"{n} max / p10 / c" for n in NETS) + " | " +
          " | ".join(f"{n} index" for n in NETS) + " |")
    print("|---" * (1 + 2 * len(NETS)) + "|")
    for lv in sorted(levels, key=lambda s: -float(s)):
        cells = [cell(by.get((n, lv))) for n in NETS]
        print(f"| {num(lv)} | " + " | ".join(c[0] for c in cells) + " | " +
              " | ".join(c[1] for c in cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1])

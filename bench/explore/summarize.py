#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarise bench/explore/medians.sh results as one markdown table: per patch and mode, the
median time to first hit over the seeds (seconds, and executions for explore / ops for stress),
hits/seeds and the invariants hit (explore: the one it stopped at; stress: all it counted before
stopping). A run without a hit counts as longer than the cap;
a median that falls on such a run is written "> cap".

usage: summarize.py OUTDIR ["PATCH PATCH ..." (row order)]
"""
import glob, json, math, os, re, sys
from collections import defaultdict

HIT = re.compile(r"^HIT (\S+) after (\d+) executions \(([\d.]+) s\)")
CLEAN = re.compile(r"^no hit: (\d+) executions")

def median(vals):
    vals = sorted(vals)
    n = len(vals)
    return vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2

def explore_run(path):
    """(seconds or None, executions, (invariant,) or ()) of one explore log."""
    for line in open(path, errors="replace"):
        m = HIT.match(line)
        if m:
            return float(m.group(3)), int(m.group(2)), (m.group(1),)
        m = CLEAN.match(line)
        if m:
            return None, int(m.group(1)), ()
    return None  # failed or unfinished: not counted

def stress_run(path):
    """(seconds or None, ops, invariants hit) of one stress summary JSON (every invariant the
    run counted: with several workers more than one may be hit before the run stops)."""
    s = json.load(open(path))
    first = s.get("first_hit_seconds")
    hits = sorted(k for k, v in (s.get("invariant_hits") or {}).items() if v)
    return first, s.get("ops", 0), (tuple(hits) if first is not None else ())

def cell(runs, cap):
    if not runs:
        return "—", "—", "—"
    secs = [r[0] if r[0] is not None else math.inf for r in runs]
    work = [r[1] if r[0] is not None else math.inf for r in runs]
    hits = sum(1 for r in runs if r[0] is not None)
    ms, mw = median(secs), median(work)
    if math.isinf(ms):
        t = f"> {cap:g} s (> {min(r[1] for r in runs if r[0] is None):,})"
    else:
        t = f"{ms:.3g} s ({mw:,.0f})" if not math.isinf(mw) else f"{ms:.3g} s"
    inv = defaultdict(int)
    for r in runs:
        for name in r[2]:
            inv[name] += 1
    return t, f"{hits}/{len(runs)}", ", ".join(f"{k} {v}" for k, v in sorted(inv.items())) or "—"

def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    root = sys.argv[1]
    order = sys.argv[2].split() if len(sys.argv) > 2 else []
    cap = 60.0
    if os.path.exists(os.path.join(root, "cap")):
        cap = float(open(os.path.join(root, "cap")).read().split()[1].rstrip("s"))
    runs = defaultdict(list)
    for f in glob.glob(os.path.join(root, "*.explore-*.log")):
        patch, mode, _ = os.path.basename(f)[:-4].rsplit(".", 2)
        r = explore_run(f)
        if r is not None:
            runs[(patch, mode)].append(r)
    for f in glob.glob(os.path.join(root, "*.stress-*.json")):
        patch, mode, _ = os.path.basename(f)[:-5].rsplit(".", 2)
        runs[(patch, mode)].append(stress_run(f))
    patches = sorted({p for p, _ in runs}, key=lambda p: order.index(p) if p in order else len(order))
    modes = sorted({m for _, m in runs}, key=lambda m: (not m.startswith("explore"), m))
    label = {"stress-on": "stress, windows on", "stress-off": "stress, windows off"}
    print(f"Median time to first hit (cap {cap:g} s per run; explore: executions, stress: ops in brackets)\n")
    print("| patch | mode | median to first hit | hits/seeds | invariants hit (runs) |")
    print("|---|---|---:|---:|---|")
    for p in patches:
        for m in modes:
            if (p, m) in runs:
                t, h, inv = cell(runs[(p, m)], cap)
                name = label.get(m, m.replace("explore-", "explore, ") + " programs")
                print(f"| {p} | {name} | {t} | {h} | {inv} |")

main()

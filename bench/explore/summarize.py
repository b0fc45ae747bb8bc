#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarise bench/explore/medians.sh results as one markdown table: per patch and mode, the
median time to first hit over the seeds (seconds, and executions for explore / ops for stress),
hits/seeds and the invariants hit (explore: the one it stopped at; stress: all it counted before
stopping). A run without a hit counts as longer than the cap;
a median that falls on such a run is written "> cap". A second table compares, per patch,
each explore mode with each stress mode: the ratio of the medians (explore / stress) with a
bootstrap 95% interval (2 000 resamples of each side, fixed seed) and the one-sided Mann-Whitney
p-value for "explore's times are not smaller" (normal approximation with ties; runs without a
hit rank above every hit). A ratio whose interval lies below 1 says explore was faster.

usage: summarize.py OUTDIR ["PATCH PATCH ..." (row order)]
"""
import glob, json, math, os, random, re, sys
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
    comparisons(runs, patches)

def mann_whitney_less(xs, ys):
    """One-sided p for H1: xs tend to be smaller than ys (U statistic, normal approximation)."""
    allv = sorted((v, i) for i, v in enumerate(xs + ys))
    ranks = [0.0] * len(allv)
    i = 0
    ties = 0.0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[allv[k][1]] = r
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    n1, n2 = len(xs), len(ys)
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    mu = n1 * n2 / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    if sigma == 0:
        return 1.0
    z = (u - mu + 0.5) / sigma  # continuity correction
    return 0.5 * math.erfc(-z / math.sqrt(2))

def ratio_ci(xs, ys, rounds=2000):
    rng = random.Random(17)
    out = []
    for _ in range(rounds):
        a = median([rng.choice(xs) for _ in xs])
        b = median([rng.choice(ys) for _ in ys])
        if b > 0 and not math.isinf(a) and not math.isinf(b):
            out.append(a / b)
    if len(out) < rounds * 0.9:
        return None
    out.sort()
    return out[int(0.025 * len(out))], out[int(0.975 * len(out)) - 1]

def comparisons(runs, patches):
    rows = []
    for p in patches:
        for e in sorted(m for q, m in runs if q == p and m.startswith("explore")):
            for st in ("stress-on", "stress-off"):
                if (p, st) not in runs:
                    continue
                xs = [r[0] if r[0] is not None else math.inf for r in runs[(p, e)]]
                ys = [r[0] if r[0] is not None else math.inf for r in runs[(p, st)]]
                mx, my = median(xs), median(ys)
                if math.isinf(mx) or math.isinf(my) or my == 0:
                    continue
                ci = ratio_ci(xs, ys)
                ci_text = f"[{ci[0]:.2g}, {ci[1]:.2g}]" if ci else "—"
                rows.append(f"| {p} | {e.replace('explore-', '')} vs {st.replace('stress-', 'windows ')} | {mx / my:.2g} {ci_text} | {mann_whitney_less(xs, ys):.2g} | {len(xs)}, {len(ys)} |")
    if rows:
        print("\nExplore against stress: ratio of median times to first hit (bootstrap 95% interval) and")
        print("the one-sided Mann-Whitney p that explore is not faster\n")
        print("| patch | explore programs vs stress | ratio of medians [95%] | p | runs |")
        print("|---|---|---:|---:|---|")
        for r in rows:
            print(r)

main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarise an outcome matrix written by run-matrix.sh (dirs PATCH.on|off.SEED with report.json and
crash-*.json, and PATCH.on|off.SEED.json summaries) as the Markdown tables of docs/race-results.md.

usage: summarize.py OUTDIR ["PATCH PATCH ..." (row order)]

Crashes come from the summaries' "crashes" (runs with crash semantics); for older runs without it,
every BUG-class hit is counted (marked 1). Intervals: exact Poisson (Garwood) 95%, Wilson-Hilferty
above 100 events. Medians over runs; a run without the event counts as longer than its duration.
"""
import glob, json, math, os, sys
from collections import defaultdict

def pois_cdf(k, mu):
    s, t = 0.0, math.exp(-mu)
    for i in range(k + 1):
        if i > 0: t *= mu / i
        s += t
    return s

def garwood(k, conf=0.95):
    if k > 100:  # Wilson-Hilferty approximation of the chi-square quantiles (exact enough here)
        z = 1.959964
        lo = k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3
        hi = (k + 1) * (1 - 1 / (9 * (k + 1)) + z / (3 * math.sqrt(k + 1))) ** 3
        return lo, hi
    a = (1 - conf) / 2
    def solve(f, lo, hi):
        for _ in range(200):
            mid = (lo + hi) / 2
            if f(mid): lo = mid
            else: hi = mid
        return (lo + hi) / 2
    lo = 0.0 if k == 0 else solve(lambda mu: 1 - pois_cdf(k - 1, mu) < a, 0, k + 50 + 10 * math.sqrt(k + 1))
    hi = solve(lambda mu: pois_cdf(k, mu) > a, 0, k + 50 + 10 * math.sqrt(k + 1))
    return lo, hi

def per1e9(k, ops):
    if ops == 0: return "—"
    lo, hi = garwood(k)
    f = lambda x: f"{x * 1e9 / ops:,.0f}" if x * 1e9 / ops >= 10 else f"{x * 1e9 / ops:.2g}"
    return f"{f(k)} [{f(lo)}, {f(hi)}]"

def median_censored(vals, dur):
    vals = sorted(v if v is not None else math.inf for v in vals)
    if not vals: return "—"
    n = len(vals); m = vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
    return f"> {dur:g}" if math.isinf(m) else f"{m:.3g}"

def median_ops(vals, maxes):
    vals = sorted(v if v is not None else math.inf for v in vals)
    n = len(vals); m = vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
    if math.isinf(m): return f"> {min(maxes):,}"
    return f"{m:,.0f}"

if len(sys.argv) < 2:
    print(__doc__.strip().splitlines()[3], file=sys.stderr)
    sys.exit(2)
root = sys.argv[1]
catalogue = sys.argv[2].split() if len(sys.argv) > 2 else []
rows = defaultdict(lambda: defaultdict(list))
order = []
for jf in sorted(glob.glob(os.path.join(root, "*.json"))):
    base = os.path.basename(jf)[:-5]
    patch, w, seed = base.rsplit(".", 2)
    if patch not in order: order.append(patch)
    s = json.load(open(jf))
    d = os.path.join(root, base)
    recs = [json.load(open(c)) for c in glob.glob(os.path.join(d, "crash-*.json"))]
    rep = json.load(open(os.path.join(d, "report.json")))
    p = rep["patches"][0]
    kinds = {r["invariant"]: r["kind"] for r in recs}
    inv = s.get("invariant_hits", {})
    bug = sum(v for k, v in inv.items() if kinds.get(k) == "kernel_bug" or k in ("d_splice_alias.hashed", "d_rehash.hashed"))
    root_hits = sum(v for k, v in inv.items() if kinds.get(k) == "root_cause" or k in ("d_add.owner", "hash.duplicate_name"))
    crashes = s.get("crashes")
    boots_rc = s.get("boots_with_root_cause")
    boots = s.get("boots")
    first_bug = min((r["active_seconds"] for r in recs if r["kind"] == "kernel_bug"), default=None)
    first_hit = s.get("first_hit_seconds")
    rate = s["ops"] / s["active_seconds"] if s.get("active_seconds") else 0
    r_ops_bug = None if first_bug is None else first_bug * rate
    r_ops_hit = None if first_hit is None else first_hit * rate
    r = rows[(patch, w)]
    r["ops"].append(s["ops"]); r["bug"].append(bug); r["root"].append(root_hits)
    r["crashes"].append(crashes); r["boots_rc"].append(boots_rc); r["boots"].append(boots)
    r["first_bug"].append(first_bug); r["first_hit"].append(first_hit)
    r["ops_bug"].append(r_ops_bug); r["ops_hit"].append(r_ops_hit); r["max_ops"].append(s["ops"])
    r["dur"].append(s["duration_seconds"]); r["inv"].append(inv)

order.sort(key=lambda p: catalogue.index(p) if p in catalogue else len(catalogue))
for w in ("on", "off"):
    print(f"\n### Race windows {w}\n")
    print("| patch | runs | ops | BUG-class hits | crashes /10^9 ops [95%] | root-cause hits /10^9 ops [95%] | median to first crash: s (ops) | median to first hit: s (ops) | hits by invariant |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for patch in order:
        r = rows.get((patch, w))
        if not r: continue
        ops = sum(r["ops"]); bug = sum(r["bug"]); rc = sum(r["root"])
        cr = sum(c for c in r["crashes"] if c is not None) if all(c is not None for c in r["crashes"]) else None
        crash_col = per1e9(cr, ops) if cr is not None else per1e9(bug, ops) + " ¹"
        if cr is not None:
            bug = f"{bug:,} ({cr} crashes, {sum(r['boots'])} boots, {sum(r['boots_rc'])} with a root-cause hit)"
        else:
            bug = f"{bug:,}"
        tot = defaultdict(int)
        for inv in r["inv"]:
            for k, v in inv.items(): tot[k] += v
        dur = max(r["dur"])
        print(f"| {patch} | {len(r['ops'])} | {ops:,} | {bug} | {crash_col} | {per1e9(rc, ops)} | {median_censored(r['first_bug'], dur)} ({median_ops(r['ops_bug'], r['max_ops'])}) | {median_censored(r['first_hit'], dur)} ({median_ops(r['ops_hit'], r['max_ops'])}) | {', '.join(f'{k}={v}' for k, v in sorted(tot.items()))} |")
print("\n¹ before crash semantics: every BUG-class hit counted, consequences of the first included.")

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Crashes and root-cause hits per process CPU-second, per (patch, window policy), from the
report.json files under DIR/<patch>-<policy>-<seed>/ that bench/windows/run-matrix.sh writes.
Prints a Markdown table: per-run rates as min/median/max, and the pooled rate (sum of counts over
sum of CPU seconds) with an exact Poisson 95% interval. Usage: summarize.py DIR"""
import json, math, os, statistics, sys
from collections import defaultdict


def poisson_cdf(n, mu):
    if n < 0:
        return 0.0
    term = total = math.exp(-mu)
    for i in range(1, n + 1):
        term *= mu / i
        total += term
    return total


def bisect(below, hi):
    """Smallest mu in [0, hi] where below(mu) turns false (below is true, then false)."""
    lo = 0.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if below(mid):
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def poisson_interval(k, level=0.95):
    """Exact (Garwood) interval for the mean of a Poisson count k."""
    a = (1 - level) / 2
    if k > 50:  # exp(-mu) underflows for large counts: Wilson-Hilferty, within 0.1 % of exact here
        z = 1.959963984540054 if level == 0.95 else statistics.NormalDist().inv_cdf(1 - a)
        lower = k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3
        upper = (k + 1) * (1 - 1 / (9 * (k + 1)) + z / (3 * math.sqrt(k + 1))) ** 3
        return lower, upper
    hi = 4.0 * k + 20
    lower = 0.0 if k == 0 else bisect(lambda mu: 1 - poisson_cdf(k - 1, mu) < a, hi)
    upper = bisect(lambda mu: poisson_cdf(k, mu) > a, hi)
    return lower, upper


def main(root):
    cells = defaultdict(list)
    sites = {}
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, "report.json")
        if not os.path.isfile(path):
            continue
        patch, policy, seed = name.rsplit("-", 2)
        r = json.load(open(path))
        o = r["options"]
        p = r["patches"][0]
        c = p.get("crash") or {}
        cpu = o.get("cpu_seconds") or 0
        if cpu <= 0:  # workers that could not be parked: no CPU figure, the run is left out (and named)
            print(f"left out: {name} (end reason {o.get('end_reason')}, no cpu_seconds)", file=sys.stderr)
            continue
        cells[(patch, policy)].append(dict(seed=int(seed), cpu=cpu, ops=p["ops"], crashes=c.get("crashes", 0),
                                           rc=c.get("root_cause_hits", 0), hits=sum(p["invariant_hits"].values())))
        if p.get("race_windows") and seed == "1":
            sites[(patch, policy)] = p["race_windows"]
    print("| patch | windows | runs | CPU s (median) | ops / CPU s (median) | crashes / CPU s: min / median / max | pooled [95%] | root-cause hits / CPU s: min / median / max | pooled [95%] |")
    print("|---|---|---:|---:|---:|---|---|---|---|")
    order = {"uniform": 0, "feedback": 1, "off": 2}
    for (patch, policy) in sorted(cells, key=lambda k: (k[0], order.get(k[1], 9))):
        runs = cells[(patch, policy)]
        cpu = sum(x["cpu"] for x in runs)

        def mmm(key):
            v = sorted(x[key] / x["cpu"] for x in runs if x["cpu"] > 0)
            return f"{v[0]:.3g} / {statistics.median(v):.3g} / {v[-1]:.3g}"

        def pooled(key):
            k = sum(x[key] for x in runs)
            lo, hi = poisson_interval(k)
            return f"{k / cpu:.3g} [{lo / cpu:.3g}, {hi / cpu:.3g}] ({k})"

        print(f"| {patch} | {policy} | {len(runs)} | {statistics.median(x['cpu'] for x in runs):.1f} | "
              f"{statistics.median(x['ops'] / x['cpu'] for x in runs):,.0f} | {mmm('crashes')} | {pooled('crashes')} | "
              f"{mmm('rc')} | {pooled('rc')} |")
    for (patch, policy), w in sorted(sites.items()):
        print(f"\n{patch}, {policy}, seed 1: {w['attributed_hits']} hits credited ({w['attributed_crashes']} crashes)\n")
        print("| site | P (end) | delays | delay s | hits preceded (own) | (any) | crashes preceded | hits / 10^6 delays |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for s in w["sites"]:
            if s["delays"] == 0 and s["hits_preceded"] == 0:
                continue
            print(f"| `{s['site']}` | {s['probability']:.3g} | {s['delays']} | {s['delay_seconds']:.3g} | {s['hits_preceded_own']} | "
                  f"{s['hits_preceded']} | {s['crashes_preceded']} | {s['hits_per_million_delays']:,.0f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")

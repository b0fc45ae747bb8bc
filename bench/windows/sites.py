#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Per-site race-window table of docs/performance.md from a run-matrix.sh DIR: seed 1 of uniform and
feedback v1 side by side, uniform hits per 10^6 delays over all seeds, and the end probabilities of
the feedback runs ("feedback" = v1 dirs, "feedback2" = current). Usage: sites.py DIR"""
import json, os, sys, statistics
from collections import defaultdict
root = sys.argv[1]
def load(n):
    p = os.path.join(root, n, 'report.json')
    if not os.path.isfile(p): return None
    r = json.load(open(p))
    if not r['options'].get('cpu_seconds'): return None
    return r['patches'][0].get('race_windows')
patches = sorted({n.rsplit('-',2)[0] for n in os.listdir(root) if os.path.isdir(os.path.join(root,n))})
for patch in patches:
    u1, f1 = load(f'{patch}-uniform-1'), load(f'{patch}-feedback-1')
    agg = defaultdict(lambda: [0,0,0,0]); endp = defaultdict(list); endp2 = defaultdict(list); nu = nf = nf2 = 0
    for n in os.listdir(root):
        if not n.startswith(patch+'-') or not os.path.isdir(os.path.join(root,n)): continue
        w = load(n)
        if not w: continue
        if '-uniform-' in n:
            nu += 1
            for s in w['sites']:
                a = agg[s['site']]; a[0]+=s['delays']; a[1]+=s['hits_preceded_own']; a[2]+=s['hits_preceded']; a[3]+=s['crashes_preceded']
        elif '-feedback-' in n:
            nf += 1
            for s in w['sites']:
                if s['delays']>0: endp[s['site']].append(s['probability'])
        elif '-feedback2-' in n:
            nf2 += 1
            for s in w['sites']:
                if s['delays']>0: endp2[s['site']].append(s['probability'])
    print(f"\n**{patch}** — seed 1: uniform {u1['attributed_hits']} hits credited ({u1['attributed_crashes']} crashes), feedback v1 {f1['attributed_hits']} ({f1['attributed_crashes']}); all {nu} uniform runs: hits per 10^6 delays, own thread (any worker); end P: median [min, max] of the {nf} v1 and {nf2} v2 feedback runs\n")
    print("| site | uniform s1: delays | own / any | crashes | v1 s1: P end | delays | own / any | uniform, all seeds: own / 10^6 delays (any) | v1: P end | v2: P end |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    fs = {s['site']: s for s in f1['sites']}
    for s in u1['sites']:
        f = fs[s['site']]; a = agg[s['site']]
        if s['delays']==0 and f['delays']==0: continue
        ep = endp.get(s['site'], [])
        eps = f"{statistics.median(ep):.2f} [{min(ep):.2f}, {max(ep):.2f}]" if ep else "—"
        ep2 = endp2.get(s['site'], [])
        eps2 = f"{statistics.median(ep2):.2f} [{min(ep2):.2f}, {max(ep2):.2f}]" if ep2 else "—"
        per = f"{a[1]*1e6/a[0]:,.0f} ({a[2]*1e6/a[0]:,.0f})" if a[0] else "—"
        print(f"| `{s['site']}` | {s['delays']:,} | {s['hits_preceded_own']} / {s['hits_preceded']} | {s['crashes_preceded']} | {f['probability']:.2f} | {f['delays']:,} | {f['hits_preceded_own']} / {f['hits_preceded']} | {per} | {eps} | {eps2} |")

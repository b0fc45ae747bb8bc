#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# docs/race-results.md, "Median time to first crash, 10 seeds" (issue 14): every Lustre patch alone,
# seeds 1..SEEDS, the Lustre storm (open-storm, 4 names, 8 threads), race windows on and off,
# --stop-on-first-crash; broken patches capped at BROKEN_SECS, the fixes at FIXED_SECS (a run without
# a crash counts as longer than its cap). Resumable. Summarise with
#   python3 bench/outcomes/summarize.py OUTDIR "lustre-v4.7 lustre-viro-2016-07-05 ..."
#   bench/outcomes/lustre-medians.sh RUNSH OUTDIR [SEEDS=10] [BROKEN_SECS=15] [FIXED_SECS=4]
set -uo pipefail
if [ $# -lt 2 ]; then sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; fi
runsh=$1 out=$2 seeds=${3:-10} broken=${4:-15} fixed=${5:-4}
mkdir -p "$out"
for seed in $(seq 1 "$seeds"); do
  for p in lustre-v4.7 lustre-viro-2016-07-05 lustre-99f1c01319 lustre-release-lu8371 lustre-trust-creates lustre-dcompare-inlookup; do
    d=$fixed
    case $p in lustre-v4.7|lustre-viro-2016-07-05) d=$broken ;; esac
    for w in on off; do
      dir="$out/$p.$w.$seed"
      [ -f "$dir.json" ] && continue
      "$runsh" stress --patch "$p" --workload open-storm --names 4 --threads 8 --duration "${d}s" --round "${d}s" \
        --seed "$seed" --race-windows $w --stop-on-first-crash --metrics-url none --report-dir "$dir" --json "$dir.json" \
        >"$dir.log" 2>&1 || echo "fail $dir"
    done
  done
done
echo done

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The outcome matrix of docs/race-results.md: every patch alone, seeds 1..SEEDS, race windows on
# (SECS_ON seconds) and off (SECS_OFF), 4 threads, open-storm; one report dir + summary JSON per run.
# Resumable (finished runs are skipped). Summarise with bench/outcomes/summarize.py OUTDIR "PATCHES".
#   bench/outcomes/run-matrix.sh RUNSH OUTDIR SEEDS "PATCHES" SECS_ON SECS_OFF
# e.g. bench/outcomes/run-matrix.sh ./run.sh /tmp/m 20 "v4.7-rc6 viro-2016-07-03 v4.7" 4 8
set -uo pipefail
if [ $# -ne 6 ]; then sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2; fi
runsh=$1 out=$2 seeds=$3 patches=$4 on=$5 off=$6
mkdir -p "$out"
for seed in $(seq 1 "$seeds"); do
  for p in $patches; do
    for w in on off; do
      d=$on; [ $w = off ] && d=$off
      dir="$out/$p.$w.$seed"
      [ -f "$dir.json" ] && continue
      "$runsh" stress --patch "$p" --duration "${d}s" --round "${d}s" --seed "$seed" --race-windows $w \
        --metrics-url none --report-dir "$dir" --json "$dir.json" --threads 4 >"$dir.log" 2>&1 || echo "fail $dir"
    done
  done
done
echo done

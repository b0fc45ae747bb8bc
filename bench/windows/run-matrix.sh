#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The race-window policy matrix of docs/performance.md ("Race-window policy of stress"):
# {v4.7-rc6, viro-2016-07-03: racer, 4 threads; lustre-v4.7: open-storm, 4 names, 8 threads}
# x {uniform, feedback, off} x seeds FIRST..LAST, 20 s runs of 1 s rounds, --on-bug reboot.
# Each run's report goes to DIR/<patch>-<policy>-<seed>/; a finished one is skipped, so the
# script can be rerun to add seeds. Then: python3 bench/windows/summarize.py DIR
# With MIX=open-storm the cells are {v4.7-rc6, viro-2016-07-03: open-storm, 4 threads} instead.
# Usage: [MIX=open-storm] bench/windows/run-matrix.sh DIR [FIRST [LAST]]   (defaults: seeds 1..5)
set -euo pipefail
dir="${1:?usage: run-matrix.sh DIR [FIRST [LAST]]}"
first="${2:-1}"
last="${3:-5}"
here="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$dir"
cells=("v4.7-rc6|--workload racer --threads 4"
       "viro-2016-07-03|--workload racer --threads 4"
       "lustre-v4.7|--workload open-storm --names 4 --threads 8")
if [ "${MIX:-}" = open-storm ]; then
  cells=("v4.7-rc6|--workload open-storm --threads 4" "viro-2016-07-03|--workload open-storm --threads 4")
fi
for seed in $(seq "$first" "$last"); do
  for cell in "${cells[@]}"; do
    patch="${cell%%|*}"
    read -r -a args <<< "${cell#*|}"
    for policy in uniform feedback off; do
      if [ "$policy" = off ]; then windows=(--race-windows off); else windows=(--race-windows on --window-policy "$policy"); fi
      out="$dir/$patch-$policy-$seed"
      [ -f "$out/report.json" ] && continue
      nice -n 10 "$here/run.sh" stress --patch "$patch" "${args[@]}" --duration 20s --round 1s --seed "$seed" \
        --on-bug reboot "${windows[@]}" --metrics-url none --report-dir "$out" > "$out.log" 2>&1 || true
      echo "$(date -u +%T) $out"
    done
  done
done

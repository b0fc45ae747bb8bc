#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Side by side: median time to first hit of `explore` (generated programs, stops at the first hit)
# and of `stress --stop-on-first-hit` with race windows on and off, same seeds, same machine; for
# each seed the three runs of every patch go one after another, so load hits them alike.
# Every run is capped; a run without a hit counts as longer than the cap ("> cap" when the median
# is censored). Resumable: finished runs are skipped. Prints a markdown table (summarize.py).
#
# usage: bench/explore/medians.sh [--seeds N] [--cap SECS] [--out DIR] [--patches "P ..."]
#                                 [--explore-args "..."] [--stress-args "..."] [--runsh PATH]
#   --seeds N          seeds 1..N (default 20)
#   --cap SECS         each run's cap, seconds (default 60)
#   --out DIR          results (default /tmp/explore-medians)
#   --patches "..."    default: viro-2016-07-03 v4.7 v4.7-rc6 v4.7-rc3-braino
#   --explore-args     one explore setting for every patch instead of the two default ones:
#                      "race" (--shape race --threads 4 --ops 1 --names 1) and "mix" (open-storm
#                      3 tasks x 2 ops on 2 names); both with explore's default strategy (mix: PCT d=3
#                      and the random walk by turns, 10 executions a program) at race-site points
#   --stress-args      extra stress options (default: none: open-storm, threads = cores, at least 4)
#   --runsh PATH       ./run.sh to use (default: the repository's)
# e.g. bench/explore/medians.sh --seeds 3 --cap 10 --out /tmp/m3
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seeds=20 cap=60 out=/tmp/explore-medians runsh="$here/../../run.sh"
patches="viro-2016-07-03 v4.7 v4.7-rc6 v4.7-rc3-braino"
# Two explore configurations: "race" (the race-shaped generator, 4 tasks x 1 op on 1 name) and
# "mix" (open-storm's op mix, 3 tasks x 2 ops on 2 names); both with explore's defaults.
explore_race="--shape race --threads 4 --ops 1 --names 1"
explore_mix="--workload open-storm --threads 3 --ops 2 --names 2"
explore_args="" stress_args=""
usage() { sed -n '3,21p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --cap) cap=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --patches) patches=$2; shift 2 ;;
    --explore-args) explore_args=$2; shift 2 ;;
    --stress-args) stress_args=$2; shift 2 ;;
    --runsh) runsh=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: $1: unknown option (allowed: --seeds, --cap, --out, --patches, --explore-args, --stress-args, --runsh, --help)" >&2; exit 2 ;;
  esac
done
case "$seeds" in ''|*[!0-9]*|0) echo "error: --seeds: '$seeds' is not a whole number > 0" >&2; exit 2 ;; esac
case "$cap" in ''|*[!0-9]*|0) echo "error: --cap: '$cap' is not a whole number of seconds > 0" >&2; exit 2 ;; esac
mkdir -p "$out"
echo "cap ${cap}s" >"$out/cap"
configs="race mix"
[ -n "$explore_args" ] && configs="custom"
for seed in $(seq 1 "$seeds"); do
  for p in $patches; do
    for c in $configs; do
      f="$out/$p.explore-$c.$seed.log"
      [ -s "$f" ] && grep -qE '^(HIT|no hit)' "$f" && continue
      case $c in race) a=$explore_race ;; mix) a=$explore_mix ;; *) a=$explore_args ;; esac
      # shellcheck disable=SC2086
      "$runsh" explore --patch "$p" $a --seed "$seed" --budget "${cap}s" --no-shrink --quiet \
        --out "$out/$p.explore-$c.$seed.schedule.json" >"$f" 2>&1 || echo "fail $f" >&2
    done
    for w in on off; do
      j="$out/$p.stress-$w.$seed.json"
      [ -s "$j" ] && continue
      # shellcheck disable=SC2086
      "$runsh" stress --patch "$p" --duration "${cap}s" --round "${cap}s" --seed "$seed" --race-windows $w \
        --stop-on-first-hit --metrics-url none --report-dir "$out/$p.stress-$w.$seed" --json "$j" $stress_args \
        >"$out/$p.stress-$w.$seed.log" 2>&1 || echo "fail $j" >&2
    done
  done
done
python3 "$here/summarize.py" "$out" "$patches"

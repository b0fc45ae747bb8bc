#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The fleet path against a real single-node Slurm cluster (issue 15), run by ./run.sh test.
#
#   deploy/slurm/check.sh [--keep]
#
# Installs Slurm and munge from Debian when missing (apt-get, as root), starts munged, slurmctld
# and slurmd on free ports with a generated slurm.conf in a scratch directory (no systemd), then:
#   1. ./run.sh fleet submit --engine slurm --tasks 3 --wait of short runs: three reports with
#      distinct task indexes and seeds, merged ops = the sum of the tasks', file_sd targets seen;
#   2. a fleet of 2 one-at-a-time tasks cancelled with scancel while task 0 runs: task 0's report
#      says end_reason signal, task 1 never ran, so the merge job (afterany) fails naming it, and
#      fleet merge fails too unless --allow-partial;
#   3. fleet submit --mode explore --tasks 2 --wait: two explore tasks take disjoint shares of one
#      seed's programs (task indexes 0 and 1 of 2), and the merged explore.json sums their executions.
# Every daemon is stopped by its PID at the end. Exit 0 pass, 1 fail, 77 skipped (one line why:
# Slurm cannot be installed here). --keep leaves the scratch directory for reading.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
keep=0
for a in "$@"; do
  case "$a" in
    --keep) keep=1 ;;
    -h|--help) sed -n '3,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check.sh: unknown argument '$a' (allowed: --keep, --help)" >&2; exit 2 ;;
  esac
done

log() { printf '== slurm: %s\n' "$*"; }
fail() { printf 'FAIL slurm check: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP slurm check: %s\n' "$*"; exit 77; }
started=$(date +%s)

# ------------------------------------------------------------------ packages (like ensure_prometheus)
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || skip "Slurm/munge are not installed and this user is not root (apt-get install slurmctld slurmd slurm-client munge)"
  command -v apt-get >/dev/null || skip "Slurm/munge are not installed and there is no apt-get"
  log "installing slurmctld slurmd slurm-client munge (Debian packages)"
  apt-get update -qq >/dev/null 2>&1 || true
  # policy-rc.d style: the packages' own service starts are not wanted (no systemd here anyway).
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null 2>&1 ||
    skip "apt-get install slurmctld slurmd slurm-client munge failed (no package mirror reachable?)"
fi
for t in slurmctld slurmd sbatch squeue scancel sinfo munged; do
  command -v "$t" >/dev/null || skip "$t missing after installation"
done
[ "$(id -u)" = 0 ] || skip "the single-node cluster runs slurmd as root (SlurmdUser=root); run as root"
id munge >/dev/null 2>&1 || skip "the munge user is missing (the munge package creates it)"

# ------------------------------------------------------------------ scratch, key, ports
scratch="$(mktemp -d /tmp/dcs-slurm.XXXXXX)"
chmod 755 "$scratch"
pids=()
cleanup() {
  local rc=$?
  # Stop every daemon by its PID (slurmd, slurmctld, then munged), then check they are gone.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then echo "slurm check: PID $p did not stop on SIGTERM; SIGKILL" >&2; kill -KILL "$p" 2>/dev/null || true; rc=1; fi
  done
  [ ${#pids[@]} -gt 0 ] && echo "== slurm: stopped ${#pids[@]} daemons by PID (${pids[*]})"
  if [ "$keep" = 1 ]; then echo "== slurm: scratch kept: $scratch"; else rm -rf "$scratch"; fi
  exit "$rc"
}
trap cleanup EXIT

mkdir -p "$scratch/munge" "$scratch/state" "$scratch/spool" "$scratch/log"
chown munge: "$scratch/munge"; chmod 755 "$scratch/munge"   # munged wants its socket dir searchable by all
key=/etc/munge/munge.key
if [ ! -s "$key" ]; then
  # Normally the package's postinst made it; a private one otherwise.
  key="$scratch/munge/munge.key"
  dd if=/dev/urandom of="$key" bs=1 count=1024 status=none
  chown munge: "$key"; chmod 400 "$key"
fi

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
  done
  return 1
}
ctld_port="$(free_port)"; slurmd_port="$(free_port)"
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port="$(free_port)"; done
node="$(hostname -s)"
cpus="$(nproc)"

# ------------------------------------------------------------------ munged
sock="$scratch/munge/munge.socket"
su munge -s /bin/sh -c "munged --socket='$sock' --key-file='$key' --pid-file='$scratch/munge/munged.pid' --log-file='$scratch/munge/munged.log' --seed-file='$scratch/munge/munged.seed'" ||
  fail "munged did not start: $(cat "$scratch/munge/munged.log" 2>/dev/null | tail -n 3)"
for _ in $(seq 1 50); do [ -s "$scratch/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$scratch/munge/munged.pid")")

# ------------------------------------------------------------------ slurm.conf
conf="$scratch/slurm.conf"
cat > "$conf" <<CONF
# Generated by deploy/slurm/check.sh: a single-node cluster for the fleet test.
ClusterName=dcstest
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/slurmctld.pid
SlurmdPidFile=$scratch/slurmd.pid
SlurmctldLogFile=$scratch/log/slurmctld.log
SlurmdLogFile=$scratch/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
KillWait=10
SchedulerParameters=sched_interval=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"

slurmctld -D -f "$conf" >"$scratch/log/slurmctld.out" 2>&1 &
pids+=("$!")
slurmd -D -f "$conf" >"$scratch/log/slurmd.out" 2>&1 &
pids+=("$!")
log "munged, slurmctld (:$ctld_port), slurmd (:$slurmd_port) started: PIDs ${pids[*]}"
for _ in $(seq 1 150); do
  state="$(sinfo -h -n "$node" -o '%t' 2>/dev/null || true)"
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "${state:-}" = idle ] || fail "node $node not idle after 30 s (state '${state:-}'): $(tail -n 5 "$scratch/log/slurmctld.log" 2>/dev/null)"
log "node $node idle, $cpus CPUs, after $(( $(date +%s) - started )) s"

json() { python3 -c "$1" "${@:2}"; }

# ------------------------------------------------------------------ 1. three tasks, --wait
fleetA="$scratch/fleetA"
log "fleet submit --engine slurm --tasks 3 --wait"
(cd "$root" && ./run.sh fleet submit --engine slurm --tasks 3 --cpus-per-task 1 --wait --name dcs-check --dir "$fleetA" \
  -- --patch v4.7-rc6,v4.7 --duration 4s --round 1s --warmup 100ms --threads 2 --seed 0x5eed --label check=slurm) >"$scratch/submitA.out" 2>&1 &
submit=$!
seen_targets=0
while kill -0 "$submit" 2>/dev/null; do
  if ls "$fleetA"/targets/*.json >/dev/null 2>&1; then
    grep -q '"fleet_task"' "$fleetA"/targets/*.json 2>/dev/null && seen_targets=1
  fi
  sleep 0.2
done
rcA=0; wait "$submit" || rcA=$?
cat "$scratch/submitA.out"
[ "$rcA" = 0 ] || fail "fleet submit --wait exited $rcA (merge log: $(cat "$fleetA/logs/merge.out" 2>/dev/null | tail -n 5))"
[ "$seen_targets" = 1 ] || fail "no file_sd target with a fleet_task label appeared in $fleetA/targets while the tasks ran"
ls "$fleetA"/targets/*.json >/dev/null 2>&1 && fail "file_sd targets left behind after the tasks ended: $(ls "$fleetA/targets")"
json '
import json, sys, glob
d = sys.argv[1]
reps = [json.load(open(f"{d}/task-{i}/report.json")) for i in range(3)]
idx = [r["options"]["fleet"]["task_index"] for r in reps]
seeds = [r["seed"] for r in reps]
assert sorted(idx) == [0, 1, 2], f"task indexes {idx}"
assert len(set(seeds)) == 3, f"seeds not distinct: {seeds}"
assert all(r["options"]["fleet"]["engine"] == "slurm" for r in reps)
assert len({r["options"]["fleet"]["fleet_id"] for r in reps}) == 1
assert all(r["options"]["fleet"]["task_seed"] == r["seed"] for r in reps)
assert len({r["options"]["run_id"] for r in reps}) == 3
m = json.load(open(f"{d}/merged/report.json"))
for p in m["patches"]:
    total = sum(q["ops"] for r in reps for q in r["patches"] if q["name"] == p["name"])
    assert p["ops"] == total, f"{p['name']}: merged {p['ops']} != sum {total}"
print("== slurm: 3 reports, task indexes", idx, "seeds", seeds, "; merged ops", {p["name"]: p["ops"] for p in m["patches"]}, "= the sums")
' "$fleetA" || fail "fleet A reports"

# ------------------------------------------------------------------ 2. cancel: signal report, missing task
fleetB="$scratch/fleetB"
log "fleet of 2 one-at-a-time tasks, scancel while task 0 runs"
(cd "$root" && ./run.sh fleet submit --engine slurm --tasks 2 --cpus-per-task "$cpus" --name dcs-cancel --dir "$fleetB" \
  -- --patch v4.7 --duration 120s --round 1s --warmup 100ms --threads 2 --seed 7) >"$scratch/submitB.out" 2>&1 ||
  fail "fleet submit (B) failed: $(cat "$scratch/submitB.out")"
cat "$scratch/submitB.out"
array="$(json 'import json,sys; print(json.load(open(sys.argv[1]))["array_job_id"])' "$fleetB/fleet.json")"
merge="$(json 'import json,sys; print(json.load(open(sys.argv[1]))["merge_job_id"])' "$fleetB/fleet.json")"
for _ in $(seq 1 300); do
  [ -f "$fleetB/task-0/checkpoint.json" ] && grep -q '"elapsed_seconds": [1-9]' "$fleetB/task-0/checkpoint.json" 2>/dev/null && break
  sleep 0.2
done
[ -f "$fleetB/task-0/checkpoint.json" ] || fail "task 0 of fleet B did not start in 60 s: $(cat "$fleetB/logs/task-0.out" 2>/dev/null | tail -n 5)"
[ -e "$fleetB/task-1" ] && fail "task 1 started beside task 0 (expected one at a time with --cpus-per-task $cpus)"
scancel "$array"
log "scancel $array"
for _ in $(seq 1 300); do
  [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
  sleep 0.2
done
[ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] || fail "jobs still queued 60 s after scancel: $(squeue -h -j "$array,$merge")"
json '
import json, sys
r = json.load(open(sys.argv[1] + "/task-0/report.json"))
assert r["options"]["end_reason"] == "signal", r["options"]["end_reason"]
print("== slurm: cancelled task 0: end_reason", r["options"]["end_reason"], "after", round(r["options"]["elapsed_seconds"], 1), "s")
' "$fleetB" || fail "task 0's report after scancel"
[ -e "$fleetB/task-1/report.json" ] && fail "task 1 has a report though it was cancelled before it started"
grep -q "1 of 2 tasks missing: 1" "$fleetB/logs/merge.out" || fail "the merge job did not name the missing task: $(cat "$fleetB/logs/merge.out")"
[ -e "$fleetB/merged/report.json" ] && fail "the merge job wrote a merged report for an incomplete fleet"
log "merge job $merge refused: $(grep -m1 'missing' "$fleetB/logs/merge.out")"
rc=0; (cd "$root" && ./run.sh fleet merge "$fleetB" >"$scratch/mergeB.out" 2>&1) || rc=$?
[ "$rc" = 2 ] || fail "fleet merge of an incomplete fleet exited $rc (expected 2)"
rc=0; (cd "$root" && ./run.sh fleet merge "$fleetB" --allow-partial >"$scratch/mergeB2.out" 2>&1) || rc=$?
[ "$rc" = 0 ] || fail "fleet merge --allow-partial exited $rc: $(tail -n 5 "$scratch/mergeB2.out")"
(cd "$root" && ./run.sh fleet status "$fleetB") || fail "fleet status"

# ------------------------------------------------------------------ 3. explore tasks, merged
fleetC="$scratch/fleetC"
log "fleet submit --mode explore --tasks 2 --wait"
rc=0; (cd "$root" && ./run.sh fleet submit --mode explore --engine slurm --tasks 2 --cpus-per-task 1 --wait --name dcs-explore --dir "$fleetC" \
  -- --patch v4.7 --workload open-storm --budget 150 --per-scenario 50 --jobs 1 --seed 11) >"$scratch/submitC.out" 2>&1 || rc=$?
cat "$scratch/submitC.out"
[ "$rc" = 0 ] || fail "fleet submit --mode explore --wait exited $rc (merge log: $(tail -n 5 "$fleetC/logs/merge.out" 2>/dev/null))"
json '
import json, sys
d = sys.argv[1]
parts = [json.load(open(f"{d}/task-{i}/explore.json")) for i in range(2)]
idx = sorted(p["fleet"]["task_index"] for p in parts)
assert idx == [0, 1], f"task indexes {idx}"
assert all(p["fleet"]["task_count"] == 2 and p["fleet"]["engine"] == "slurm" for p in parts)
m = json.load(open(f"{d}/merged/explore.json"))
total = sum(p["executions"] for p in parts)
merged = m["executions"]
assert merged == total and total > 0, f"merged {merged} != sum {total}"
assert m["programs"] == sum(p["programs"] for p in parts)
print("== slurm: explore tasks", idx, "executions", [p["executions"] for p in parts], "; merged", m["executions"], "=", "the sum")
' "$fleetC" || fail "explore fleet C"
(cd "$root" && ./run.sh fleet status "$fleetC") || fail "fleet status (explore)"

log "passed in $(( $(date +%s) - started )) s"

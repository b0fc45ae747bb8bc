#!/usr/bin/env bash
# DcacheStress: the one entry point (CI calls it too).
#   ./run.sh stress [options]    run the stress service (default: every patch, 60 s, open-storm)
#   ./run.sh test [--long] [--no-dashboards] [--no-slurm]   build and run every test project, the
#                                live dashboards check and the Slurm fleet check; prints "N passed, N failed"
#   ./run.sh build               Release build of the whole solution
#   ./run.sh repro --list | NAME [--patch P]   replay a known race deterministically
#   ./run.sh explore --patch P [...]   controlled-schedule exploration (PCT); writes a replayable schedule
#   ./run.sh explore merge DIR         add up the explore.json of an explore fleet's tasks
#   ./run.sh sweep [options]     thread scaling sweep (will-it-scale style)
#   ./run.sh compare A/report.json B/report.json ...   statistics over saved reports
#   ./run.sh crashes DIR...      Drokin's dump fields (d_flags, hashed, positive, program) over crash records
#   ./run.sh bench [--quick]     BenchmarkDotNet suite (Release, explicit filter)
#   ./run.sh fleet submit|status|merge ...   many tasks through Slurm or Kubernetes (docs/fleet.md)
#   ./run.sh publish [RID...]    self-contained single-file archives, linux-x64 and linux-arm64 (artifacts/)
#   ./run.sh help                this text
# Paths on the command line are relative to the directory you run it from, and reports go to
# ./reports/ there. The solution is built first when any of its inputs changed (silent otherwise).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIG=Release
SERVICE_DLL="$here/src/DcacheStress.Service/bin/$CONFIG/net10.0/DcacheStress.Service.dll"
BENCH_DLL="$here/bench/DcacheStress.Bench/bin/$CONFIG/net10.0/DcacheStress.Bench.dll"
# Written (from a stamp taken before the build started) after every successful build.
BUILD_STAMP="$here/src/DcacheStress.Service/bin/$CONFIG/run.sh-built"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }

# ---------------------------------------------------------------------------- build

build() {
  local started; started="$(mktemp "${TMPDIR:-/tmp}/dcachestress-build.XXXXXX")"
  dotnet build "$here/DcacheStress.sln" -c "$CONFIG" -nologo -v:q -clp:ErrorsOnly "$@" || { rm -f "$started"; return 1; }
  mkdir -p "$(dirname "$BUILD_STAMP")"
  mv -f "$started" "$BUILD_STAMP"
}

# The first build input (a file or folder, so that an added or removed file counts) newer than
# the last successful build: sources, project and props files, embedded assets, appsettings.
# bin/ and obj/ (generated files) and Markdown are not inputs.
changed_input() {
  [ -f "$BUILD_STAMP" ] || { echo "no build yet"; return 0; }
  find "$here/DcacheStress.sln" "$here/Directory.Build.props" "$here/Directory.Packages.props" "$here/global.json" \
       "$here/src" "$here/bench" "$here/tests" \
       \( -name bin -o -name obj -o -name TestResults -o -name BenchmarkDotNet.Artifacts \) -prune \
       -o ! -name '*.md' -newer "$BUILD_STAMP" -print -quit 2>/dev/null
}

ensure_built() {
  local why; why="$(changed_input)"
  [ -z "$why" ] && [ -f "$SERVICE_DLL" ] && [ -f "$BENCH_DLL" ] && return 0
  echo "run.sh: building (${why#"$here/"} changed)" >&2
  local log; log="$(mktemp "${TMPDIR:-/tmp}/dcachestress-build-log.XXXXXX")"
  if ! build >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "run.sh: the build failed" >&2
    exit 1
  fi
  rm -f "$log"
}

# ---------------------------------------------------------------------------- test

# promtool/prometheus (Debian's package) for the metrics and dashboards tests.
ensure_prometheus() {
  command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing prometheus (Debian package) for the metrics tests"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 ||
      echo "warning: could not install prometheus; the metrics tests will say so"
  fi
}

# Runs every test assembly and sums their results into the plain line CI reads.
run_tests() (
  cd "$here"
  local long=0 dash=1 slurm=1 extra=()
  for a in "$@"; do
    case "$a" in
      --long) long=1 ;;
      --no-dashboards) dash=0 ;;
      --no-slurm) slurm=0 ;;
      *) extra+=("$a") ;;
    esac
  done
  build
  ensure_prometheus
  local total_pass=0 total_fail=0 total_skip=0 ran=0 rc=0
  local logdir; logdir="$(mktemp -d)"
  for proj in tests/*/*.Tests.csproj; do
    local name; name="$(basename "$proj" .csproj)"
    local exe="tests/$name/bin/$CONFIG/net10.0/$name"
    [ -x "$exe" ] || { echo "missing test binary $exe (build failed?)"; rc=1; continue; }
    local args=(--no-progress)
    [ "$long" = 1 ] && args+=(--explicit on)
    echo "== $name"
    set +e
    "$exe" "${args[@]}" ${extra[@]+"${extra[@]}"} 2>&1 | tee "$logdir/$name.log"
    local one=${PIPESTATUS[0]}
    set -e
    # MTP closes with a block of lines: "total: N", "failed: N", "succeeded: N", "skipped: N".
    local f s k
    f="$(grep -oE '^\s*failed: [0-9]+' "$logdir/$name.log" | tail -n 1 | grep -oE '[0-9]+' || true)"
    s="$(grep -oE '^\s*succeeded: [0-9]+' "$logdir/$name.log" | tail -n 1 | grep -oE '[0-9]+' || true)"
    k="$(grep -oE '^\s*skipped: [0-9]+' "$logdir/$name.log" | tail -n 1 | grep -oE '[0-9]+' || true)"
    if [ -z "$f" ] || [ -z "$s" ]; then
      echo "no test summary from $name (exit $one)"; rc=1; continue
    fi
    k="${k:-0}"
    total_pass=$((total_pass + s)); total_fail=$((total_fail + f)); total_skip=$((total_skip + k))
    ran=$((ran + s + f))
    if [ "$one" != 0 ] && [ "$one" != 8 ]; then rc=1; fi
  done
  if [ "$dash" = 1 ]; then
    # The dashboards' check (issue 8): real Prometheus scraping the real harness, both on free
    # ports (check.sh picks them and appends --metrics-url); one test.
    echo "== dashboards/check.sh (live: Prometheus + harness)"
    if bash dashboards/check.sh --harness-cmd "./run.sh stress --duration 45s --round 2s --report-dir $logdir/dashboards-run"; then
      total_pass=$((total_pass + 1))
    else
      total_fail=$((total_fail + 1))
    fi
    ran=$((ran + 1))
  fi
  if [ "$slurm" = 1 ]; then
    fleet_check
    case "$FLEET_CHECK_RC" in
      0) total_pass=$((total_pass + 1)); ran=$((ran + 1)) ;;
      77) total_skip=$((total_skip + 1)) ;;
      *) total_fail=$((total_fail + 1)); ran=$((ran + 1)) ;;
    esac
  fi
  rm -rf "$logdir"
  echo "$total_pass passed, $total_fail failed, $total_skip skipped"
  if [ "$total_fail" -gt 0 ] || [ "$ran" -eq 0 ] || [ "$rc" -ne 0 ]; then
    exit 1
  fi
)

# The fleet path on a real single-node Slurm cluster (issue 15): one test; 77 = skipped (it says why).
fleet_check() {
  echo "== deploy/slurm/check.sh (live: Slurm + munge; fleet submit, merge, cancel)"
  set +e
  bash "$here/deploy/slurm/check.sh"
  FLEET_CHECK_RC=$?
  set -e
}

# ---------------------------------------------------------------------------- modes
# One function per mode. They run in the caller's directory: relative paths in their options
# (--report-dir, --json, --config, compare's files) and the default ./reports/ are the caller's.

# stress, repro, compare: the service. exec: signals sent to ./run.sh reach the service itself.
service() {
  ensure_built
  exec dotnet "$SERVICE_DLL" "$@"
}

# explore (issue 17): small programs under the controlled scheduler; exec as the service does.
explore() {
  ensure_built
  exec dotnet "$SERVICE_DLL" explore "$@"
}

sweep() {
  ensure_built
  exec dotnet "$BENCH_DLL" sweep "$@"
}

bench() {
  exec bash "$here/bench/run-bench.sh" "$@"
}

# fleet submit|status|merge (issue 15): renders and submits; Slurm or Kubernetes does the rest.
fleet() {
  ensure_built
  exec dotnet "$SERVICE_DLL" fleet "$@"
}

# The version of a published build: <Version>+<commit>, with -dirty when tracked files changed.
publish_version() {
  local base sha dirty=""
  base="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$here/Directory.Build.props" | head -n 1)"
  sha="$(git -C "$here" rev-parse --short=12 HEAD 2>/dev/null || echo nogit)"
  if [ -n "$(git -C "$here" status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty="-dirty"; fi
  echo "$base+$sha$dirty"
}

# Self-contained single-file archives, so that cluster nodes need no .NET:
# $here/artifacts/dcachestress-<version>-<rid>.tar.gz holding dcachestress and appsettings.json.
publish() {
  local rids=(linux-x64 linux-arm64) version rev rid
  [ $# -gt 0 ] && rids=("$@")
  version="$(publish_version)"
  rev="${version#*+}"
  mkdir -p "$here/artifacts"
  for rid in "${rids[@]}"; do
    case "$rid" in linux-x64|linux-arm64) ;; *) echo "run.sh publish: unknown runtime '$rid' (allowed: linux-x64, linux-arm64)" >&2; exit 2 ;; esac
    local out="$here/artifacts/publish/$rid"
    rm -rf "$out"
    echo "publishing DcacheStress $version for $rid"
    dotnet publish "$here/src/DcacheStress.Service/DcacheStress.Service.csproj" -c "$CONFIG" -r "$rid" --self-contained \
      -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
      -p:SourceRevisionId="$rev" -o "$out" -nologo -clp:ErrorsOnly -v:q
    mv "$out/DcacheStress.Service" "$out/dcachestress"
    local tarball="$here/artifacts/dcachestress-${version}-${rid}.tar.gz"
    tar -czf "$tarball" -C "$out" dcachestress appsettings.json
    echo "wrote $tarball ($(du -h "$tarball" | cut -f1))"
  done
}

cmd="${1:-help}"; shift || true
case "$cmd" in
  build) build "$@" ;;
  test) run_tests "$@" ;;
  stress|repro|compare|crashes) service "$cmd" "$@" ;;
  explore) explore "$@" ;;
  sweep) sweep "$@" ;;
  bench) bench "$@" ;;
  fleet) fleet "$@" ;;
  publish) publish "$@" ;;
  help|-h|--help) usage ;;
  *) echo "run.sh: unknown command '$cmd' (try: stress, test, build, repro, explore, sweep, compare, crashes, bench, fleet, publish, help)" >&2; exit 2 ;;
esac

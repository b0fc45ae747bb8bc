#!/usr/bin/env bash
# BenchmarkDotNet suite of DcacheStress (bench/DcacheStress.Bench). Called by ./run.sh bench.
#   ./run.sh bench [--quick] [BenchmarkDotNet options...]
#     (default)  the whole suite, BenchmarkDotNet's default job (about 15-25 minutes on 2 cores)
#     --quick    a short job (3 warm-up + 3 measured iterations of 100 ms): a smoke run, minutes
#   Other arguments go to BenchmarkDotNet unchanged; a --filter given there replaces the default
#   one (every benchmark of the suite). Results: BenchmarkDotNet.Artifacts/results/*-report.{csv,md,json,html}.
# Fails (exit 1) when the build fails, when BenchmarkDotNet produced no result file in this run,
# or when any benchmark shows NA (BenchmarkDotNet itself exits 0 in all those cases).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

project="bench/DcacheStress.Bench/DcacheStress.Bench.csproj"
dll="bench/DcacheStress.Bench/bin/Release/net10.0/DcacheStress.Bench.dll"
artifacts="BenchmarkDotNet.Artifacts"
results="$artifacts/results"

quick=0
have_filter=0
extra=()
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --filter|--filter=*) have_filter=1; extra+=("$a") ;;
    *) extra+=("$a") ;;
  esac
done

args=()
# An explicit filter always: without one BenchmarkDotNet asks on stdin which benchmark to run.
[ "$have_filter" = 1 ] || args+=(--filter 'DcacheStress.Bench.Benchmarks.*')
if [ "$quick" = 1 ]; then
  args+=(--job short --iterationTime 100)
fi
args+=(--artifacts "$artifacts")

# Release only: BenchmarkDotNet refuses a Debug build and still exits 0.
dotnet build "$project" -c Release -nologo -clp:ErrorsOnly -v:q

if [ -r /proc/loadavg ]; then
  load="$(cut -d' ' -f1 /proc/loadavg)"
  cores="$(nproc)"
  if awk -v l="$load" -v c="$cores" 'BEGIN { exit !(l > c) }'; then
    echo "run-bench: warning: load average $load on $cores CPUs; other processes will disturb the timings" >&2
  fi
fi

mkdir -p "$results"
marker="$(mktemp "$artifacts/.run-bench.XXXXXX")"
trap 'rm -f "$marker"' EXIT

set +e
dotnet "$dll" "${args[@]}" ${extra[@]+"${extra[@]}"}
rc=$?
set -e

mapfile -t jsons < <(find "$results" -maxdepth 1 -name '*-report-full.json' -newer "$marker" | sort)
fail=0
if [ "${#jsons[@]}" -eq 0 ]; then
  echo "run-bench: FAIL: no result file was produced under $results (filter matched nothing, or the build/run failed)" >&2
  fail=1
else
  for f in "${jsons[@]}"; do
    base="${f%-report-full.json}"
    for ext in -report.csv -report-github.md; do
      if [ ! -s "$base$ext" ]; then
        echo "run-bench: FAIL: missing $base$ext" >&2
        fail=1
      fi
    done
  done
  # A failed benchmark shows NA in the tables and has no statistics in the JSON.
  if ! dotnet "$dll" check "${jsons[@]}"; then
    echo "run-bench: FAIL: a benchmark produced no result (NA)" >&2
    fail=1
  fi
fi
if [ "$rc" -ne 0 ]; then
  echo "run-bench: FAIL: DcacheStress.Bench exited with $rc" >&2
  fail=1
fi
if [ "$fail" -ne 0 ]; then
  exit 1
fi
echo "run-bench: ${#jsons[@]} benchmark class(es), results in $results:"
printf '  %s-report{.csv,-github.md,-full.json}\n' "${jsons[@]%-report-full.json}"

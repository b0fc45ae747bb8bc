#!/usr/bin/env bash
# Checks the dashboards, the Prometheus config and the rules against a real Prometheus.
#
#   dashboards/check.sh [--harness-cmd "CMD"] [--seconds N] [--prom-port N] [--metrics-port N]
#       live check: promtool checks, JSON structure, then starts the harness (default
#       "./run.sh stress --duration 40s --round 2s", run from the repo root; check.sh appends
#       --metrics-url http://127.0.0.1:PORT) and Prometheus with a copy of
#       dashboards/prometheus/prometheus.yml that scrapes that port, waits until the target is up
#       plus N seconds (default 25), and asserts that every panel expression parses and returns
#       at least one series, that every metric it names exists, that every recording rule and
#       template variable query returns data. Both ports default to free ones picked at start, so
#       a Prometheus on 9090 or a run on 9464 does not get in the way.
#       --harness-cmd none: use a harness already serving (--metrics-port, default 9464).
#   dashboards/check.sh --static [--prom-port N]
#       no harness: promtool checks, JSON structure, and a parse (/api/v1/format_query) of every
#       expression against a Prometheus with no targets.
#
# Installs Prometheus (Debian package) when prometheus/promtool are missing. Everything it starts
# is stopped by PID on exit. Prints one line per expression and
# "N expressions, N parse, N return data"; exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

mode=live
seconds=25
harness_cmd=""
prom_port=""          # default: a free port
metrics_port=""       # default: a free port (9464 with --harness-cmd none)
startup_timeout=600   # the default harness command may build the solution first

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --static) mode=static ;;
    --harness-cmd) [ $# -ge 2 ] || { usage >&2; exit 2; }; harness_cmd="$2"; shift ;;
    --seconds) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds="$2"; shift ;;
    --prom-port) [ $# -ge 2 ] || { usage >&2; exit 2; }; prom_port="$2"; shift ;;
    --metrics-port) [ $# -ge 2 ] || { usage >&2; exit 2; }; metrics_port="$2"; shift ;;
    --startup-timeout) [ $# -ge 2 ] || { usage >&2; exit 2; }; startup_timeout="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "check.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$seconds$prom_port$metrics_port$startup_timeout" in
  *[!0-9]*) echo "check.sh: --seconds, --prom-port, --metrics-port and --startup-timeout take whole numbers" >&2; exit 2 ;;
esac
if [ -z "$harness_cmd" ]; then
  # Long enough to outlive the wait and the queries.
  duration=$((seconds + 15)); [ "$duration" -lt 40 ] && duration=40
  harness_cmd="./run.sh stress --duration ${duration}s --round 2s"
fi

log() { printf '== %s\n' "$*"; }
die() { printf 'check.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------- tools
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  log "installing prometheus (Debian package)"
  if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
command -v python3 >/dev/null 2>&1 || die "python3 is required"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dcachestress-check.XXXXXX")"
harness_pid=""
prom_pid=""

# stop_pid PID GROUP NAME: SIGTERM (the process group when GROUP=1), then SIGKILL after 20 s.
stop_pid() {
  local pid="$1" group="$2" name="$3" target="$1"
  if [ "$group" = 1 ] && kill -0 -- "-$pid" 2>/dev/null; then target="-$pid"; fi
  kill -0 -- "$target" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM -- "$target" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 -- "$target" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 -- "$target" 2>/dev/null; then
    echo "check.sh: $name ($pid) did not stop on SIGTERM, sending SIGKILL" >&2
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$harness_pid" ]; then stop_pid "$harness_pid" 1 harness; fi
  if [ -n "$prom_pid" ]; then stop_pid "$prom_pid" 0 prometheus; fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3).read()' "$1" 2>/dev/null; }
# A TCP port nothing listens on now (the kernel's pick for port 0 on 127.0.0.1).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
tail_log() { echo "--- last lines of $1:" >&2; tail -n "${2:-30}" "$1" >&2 || true; }

# ---------------------------------------------------------------------------- the checker
cat >"$tmp/check.py" <<'PY'
"""Structure and query checks of the Grafana dashboards (stdlib only)."""
import glob, json, os, re, sys, time, urllib.error, urllib.parse, urllib.request

ALLOWED_RANGES = {"$__rate_interval", "$__range"}
# Every panel, target, variable and annotation names its datasource through the variable, so that
# an import into any Grafana needs no JSON edit; the variable defaults to the provisioned uid.
DS_VAR = "${datasource}"
# Prometheus annotations every dashboard has; those in LIVE_ANNOTATIONS must return data in a live
# check (rounds switch every 2 s there; a run start is only visible in the run's first round).
REQUIRED_ANNOTATIONS = ("Rounds", "Runs")
LIVE_ANNOTATIONS = ("Rounds",)
# Metrics an honest run may never create (a counter never incremented is not exported).
OPTIONAL_METRICS = {"dcache_crash_records_dropped_total"}
MULTI_VARS = ("job", "instance", "filesystem", "patch", "fleet", "run")
# Variables with no values outside a fleet (fleet_id is set only on fleet tasks): All = ".*".
OPTIONAL_VARS = {"fleet"}


def provisioned_uid(path):
    with open(path) as f:
        m = re.search(r"^\s*uid:\s*['\"]?([\w.-]+)", f.read(), re.M)
    if not m:
        sys.exit(f"no datasource uid in {path}")
    return m.group(1)


def load(dash_dir):
    out = []
    for path in sorted(glob.glob(os.path.join(dash_dir, "*.json"))):
        with open(path) as f:
            out.append((os.path.basename(path), json.load(f)))
    if not out:
        sys.exit(f"no dashboards in {dash_dir}")
    return out


def all_panels(panels):
    for p in panels:
        yield p
        yield from all_panels(p.get("panels", []))


def annotations(d):
    """The Prometheus annotations of a dashboard (not Grafana's built-in one)."""
    return [a for a in d.get("annotations", {}).get("list", []) if not a.get("builtIn")]


def one_line(expr):
    return " ".join(expr.split())


def substitute(expr, uid, rate_interval):
    subs = {"__rate_interval": rate_interval, "__interval": "15s", "__interval_ms": "15000",
            "__range": "1m", "__range_s": "60", "__range_ms": "60000",
            "job": "dcachestress", "instance": ".*", "filesystem": ".*", "patch": ".*", "fleet": ".*", "run": ".*", "datasource": uid}

    def rep(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in subs:
            raise KeyError(name)
        return subs[name]
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", rep, expr)


def expressions(dashboards):
    """(file, panel, target) for every panel target with an expression."""
    for name, d in dashboards:
        for p in all_panels(d.get("panels", [])):
            for t in p.get("targets", []) or []:
                yield name, p, t


def structure(dashboards, uid):
    errors = []
    err = errors.append
    uids = {}
    for name, d in dashboards:
        where = name
        for key in ("title", "uid"):
            if not d.get(key):
                err(f"{where}: dashboard {key} missing")
        if d.get("uid") in uids:
            err(f"{where}: dashboard uid {d.get('uid')} also in {uids[d.get('uid')]}")
        uids[d.get("uid")] = name
        sv = d.get("schemaVersion")
        if not isinstance(sv, int) or not 38 <= sv <= 40:
            err(f"{where}: schemaVersion {sv!r}, expected about 39")
        tvars = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
        for needed in ("datasource", "job", "instance", "patch"):
            if needed not in tvars:
                err(f"{where}: template variable ${needed} missing")
        dsv = tvars.get("datasource")
        if dsv:
            if dsv.get("type") != "datasource" or dsv.get("query") != "prometheus":
                err(f"{where}: $datasource must be a datasource variable of type prometheus")
            if (dsv.get("current") or {}).get("value") != uid:
                err(f"{where}: $datasource defaults to {(dsv.get('current') or {}).get('value')!r}, not {uid!r}")
        for vname, v in tvars.items():
            if v.get("type") == "query":
                if (v.get("datasource") or {}).get("uid") != DS_VAR:
                    err(f"{where}: variable ${vname} datasource uid is not {DS_VAR!r}")
                if not variable_query(v):
                    err(f"{where}: variable ${vname} has no label_values(...) query")
        names = set()
        for a in annotations(d):
            aw = f"{where} annotation {a.get('name')!r}"
            names.add(a.get("name"))
            if (a.get("datasource") or {}).get("uid") != DS_VAR:
                err(f"{aw}: datasource uid is not {DS_VAR!r}")
            if not (a.get("expr") or "").strip():
                err(f"{aw}: no expr")
            for key in ("titleFormat", "textFormat"):
                legend_errors(a.get(key) or "", a.get("expr") or "", f"{aw} {key}", err)
        for needed in REQUIRED_ANNOTATIONS:
            if needed not in names:
                err(f"{where}: annotation {needed!r} missing")
        ids = {}
        for p in all_panels(d.get("panels", [])):
            pid = p.get("id")
            pw = f"{where} panel {pid} {p.get('title')!r}"
            if not isinstance(pid, int):
                err(f"{pw}: id must be an integer")
            elif pid in ids:
                err(f"{pw}: duplicate panel id (also {ids[pid]!r})")
            ids[pid] = p.get("title")
            if not (p.get("title") or "").strip():
                err(f"{pw}: no title")
            if p.get("type") == "row":
                continue
            if not (p.get("description") or "").strip():
                err(f"{pw}: no description")
            unit = (((p.get("fieldConfig") or {}).get("defaults") or {}).get("unit"))
            if not isinstance(unit, str) or not unit:
                err(f"{pw}: fieldConfig.defaults.unit not set")
            ds = p.get("datasource") or {}
            if ds.get("uid") != DS_VAR or ds.get("type") != "prometheus":
                err(f"{pw}: datasource {ds!r}, expected prometheus uid {DS_VAR!r} (the $datasource variable)")
            g = p.get("gridPos") or {}
            if not all(isinstance(g.get(k), int) for k in ("x", "y", "w", "h")) or g["x"] + g["w"] > 24:
                err(f"{pw}: bad gridPos {g!r}")
            targets = p.get("targets") or []
            if not targets:
                err(f"{pw}: no targets")
            refs = set()
            for t in targets:
                tw = f"{pw} target {t.get('refId')}"
                if t.get("refId") in refs or not t.get("refId"):
                    err(f"{tw}: missing or duplicate refId")
                refs.add(t.get("refId"))
                tds = t.get("datasource")
                if tds is not None and tds.get("uid") != DS_VAR:
                    err(f"{tw}: datasource uid {tds.get('uid')!r}, expected {DS_VAR!r}")
                expr = t.get("expr") or ""
                if not expr.strip():
                    err(f"{tw}: empty expr")
                    continue
                legend_errors(t.get("legendFormat") or "", expr, f"{tw} legend", err)
                for rng in re.findall(r"\[([^\]\[]+)\]", expr):
                    if rng not in ALLOWED_RANGES:
                        err(f"{tw}: range [{rng}]: use [$__rate_interval] (or [$__range] for whole-range panels)")
                for fn, rng in re.findall(r"\b(rate|irate)\([^\[\(]*\[([^\]]+)\]", expr):
                    if rng != "$__rate_interval":
                        err(f"{tw}: {fn}() over [{rng}], expected [$__rate_interval]")
                if "$__range" in expr and not t.get("instant"):
                    err(f"{tw}: a [$__range] query should be an instant query")
                for op, var in re.findall(r"(!=|=~|!~|=)\s*\"[^\"]*\$\{?(\w+)", expr):
                    if op in ("=", "!=") and var in MULTI_VARS:
                        err(f"{tw}: ${var} used with {op}; multi-value variables need =~")
    return errors


def legend_errors(legend, expr, where, err):
    """A legend that shows a patch shows its filesystem too (patch names alone do not say whether
    a series is NFS or Lustre), and every label a legend names survives each by (...) of its
    query's first aggregation (the left operand's, whose labels the result keeps; otherwise
    Grafana prints it empty)."""
    shown = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", legend))
    if "patch" in shown and "filesystem" not in shown:
        err(f"{where}: {legend!r} shows {{{{patch}}}} without {{{{filesystem}}}}")
    for group in re.findall(r"\bby\s*\(([^)]*)\)", expr)[:1]:
        kept = {x.strip() for x in group.split(",")}
        for label in sorted(shown - kept):
            err(f"{where}: {legend!r} shows {{{{{label}}}}}, which by ({group}) drops")


def variable_query(v):
    q = v.get("query")
    if isinstance(q, dict):
        q = q.get("query")
    m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", q or "", re.S)
    return (m.group(1), m.group(2)) if m else None


class Prom:
    def __init__(self, base):
        self.base = base

    def call(self, path, **params):
        if params:  # POST: expressions can be long
            req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(params).encode(), method="POST")
        else:
            req = urllib.request.Request(self.base + path)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                body = json.load(r)
        except urllib.error.HTTPError as e:
            try:
                body = json.load(e)
            except ValueError:
                return None, f"HTTP {e.code}"
        except (urllib.error.URLError, OSError) as e:
            return None, str(e)
        if body.get("status") != "success":
            return None, body.get("error", "unknown error")
        return body.get("data"), None

    def parse(self, expr):
        return self.call("/api/v1/format_query", query=expr)

    def series_over(self, expr, seconds, step=5):
        """A range query over the last SECONDS, as Grafana evaluates an annotation over the
        dashboard's time range (an instant query at the end can miss a run that just finished)."""
        now = time.time()
        data, e = self.call("/api/v1/query_range", query=expr, start=str(now - seconds), end=str(now), step=str(step))
        if e:
            return None, e
        return data["result"], None

    def series(self, expr):
        data, e = self.call("/api/v1/query", query=expr)
        if e:
            return None, e
        if data["resultType"] in ("vector", "matrix"):
            return data["result"], None
        return [{"metric": {}, "value": data["result"]}], None


def metric_names(expr):
    return set(re.findall(r"(?<![\w:])((?:dcache|dotnet)_\w+|target_info)\b(?!\s*\()", expr))


def queries(dashboards, uid, base, live, rate_interval, recording_files):
    prom = Prom(base)
    fails = 0
    n = n_parse = n_data = 0
    known = None
    if live:
        known, e = prom.call("/api/v1/label/__name__/values")
        if e:
            print(f"FAIL cannot list metric names: {e}")
            return 1
        known = set(known)
    def parsed(label, raw):
        """The expression with the dashboard variables substituted, parsed by Prometheus; None
        (after printing why) when a variable is unknown or the parse fails."""
        try:
            expr = substitute(raw, uid, rate_interval)
        except KeyError as e:
            print(f"FAIL {label}: unknown variable ${e.args[0]} | {one_line(raw)}")
            return None
        _, e = prom.parse(expr)
        if e:
            print(f"FAIL {label} parse: {e} | {one_line(expr)}")
            return None
        return expr

    for name, p, t in expressions(dashboards):
        n += 1
        label = f"{name} #{p.get('id')} {t.get('refId')}"
        expr = parsed(label, t["expr"])
        if expr is None:
            fails += 1
            continue
        n_parse += 1
        if not live:
            print(f"ok   {label} parse | {one_line(expr)}")
            continue
        problems = []
        missing = sorted(m for m in metric_names(expr) if m not in known)
        hard = [m for m in missing if m not in OPTIONAL_METRICS]
        if hard:
            problems.append("no such metric: " + ", ".join(hard))
        res, e = prom.series(expr)
        if e:
            problems.append(f"query: {e}")
        elif not res:
            problems.append("no series")
        else:
            n_data += 1
        note = f" (absent, optional: {', '.join(missing)})" if missing and not hard else ""
        if problems:
            print(f"FAIL {label} " + "; ".join(problems) + f" | {one_line(expr)}")
            fails += 1
        else:
            print(f"ok   {label} parse, {len(res)} series{note} | {one_line(expr)}")

    # Template variable queries: label_values(EXPR, LABEL).
    for name, d in dashboards:
        for v in d.get("templating", {}).get("list", []):
            vq = variable_query(v) if v.get("type") == "query" else None
            if not vq:
                continue
            expr = substitute(vq[0], uid, rate_interval)
            label = f"{name} ${v['name']}"
            _, e = prom.parse(expr)
            if e:
                print(f"FAIL {label} variable parse: {e} | {expr}")
                fails += 1
                continue
            if not live:
                print(f"ok   {label} variable parse | {expr}")
            else:
                res, e = prom.series(expr)
                vals = sorted({s["metric"].get(vq[1]) for s in res or [] if vq[1] in s["metric"]})
                if not e and not vals and v["name"] in OPTIONAL_VARS:
                    print(f"ok   {label} variable: none (optional: not a fleet) | {expr}")
                elif e or not vals:
                    print(f"FAIL {label} variable: {e or 'no values of ' + vq[1]} | {expr}")
                    fails += 1
                else:
                    print(f"ok   {label} variable: {', '.join(vals)}")

    # Annotation queries: every one must parse; those in LIVE_ANNOTATIONS must return data.
    for name, d in dashboards:
        for a in annotations(d):
            label = f"{name} annotation {a.get('name')!r}"
            expr = parsed(label, a["expr"])
            if expr is None:
                fails += 1
                continue
            if not live or a.get("name") not in LIVE_ANNOTATIONS:
                print(f"ok   {label} parse | {one_line(expr)}")
                continue
            res, e = prom.series_over(expr, 300)
            if e or not res:
                print(f"FAIL {label}: {e or 'no series in the last 5 minutes'} | {one_line(expr)}")
                fails += 1
            else:
                print(f"ok   {label} parse, {len(res)} series in the last 5 minutes | {one_line(expr)}")

    # Rules as loaded by Prometheus.
    groups, e = prom.call("/api/v1/rules")
    if e:
        print(f"FAIL rules: {e}")
        fails += 1
    else:
        rules = [r for g in groups["groups"] for r in g["rules"]]
        bad = [r for r in rules if r.get("health") == "err"]
        for r in bad:
            print(f"FAIL rule {r['name']}: {r.get('lastError')}")
        fails += len(bad)
        if not rules:
            print("FAIL Prometheus loaded no rules")
            fails += 1
        else:
            print(f"ok   {len(rules)} rules loaded, {len(bad)} in error")
    if live:
        records = []
        for path in recording_files:
            with open(path) as f:
                records += re.findall(r"^\s*-\s*record:\s*(\S+)", f.read(), re.M)
        with_data = 0
        for rec in records:
            res, e = prom.series(rec)
            if e or not res:
                print(f"FAIL recording rule {rec}: {e or 'no series'}")
                fails += 1
            else:
                with_data += 1
                print(f"ok   recording rule {rec}: {len(res)} series")
        print(f"{len(records)} recording rules, {with_data} return data")

    tail = f"{n_data} return data" if live else "0 return data (not queried: --static)"
    print(f"{n} expressions, {n_parse} parse, {tail}")
    if n == 0:
        fails += 1
    if live and n_data != n:
        fails += 1
    return 1 if fails or n_parse != n else 0


def main():
    cmd, dash_dir, ds_yaml = sys.argv[1:4]
    uid = provisioned_uid(ds_yaml)
    dashboards = load(dash_dir)
    if cmd == "structure":
        errors = structure(dashboards, uid)
        for e in errors:
            print(f"FAIL {e}")
        panels = sum(1 for _, d in dashboards for _ in all_panels(d.get("panels", [])))
        print(f"{len(dashboards)} dashboards, {panels} panels, {len(errors)} structure errors")
        return 1 if errors else 0
    base, live = sys.argv[4], sys.argv[5] == "live"
    return queries(dashboards, uid, base, live, "30s", sys.argv[6:])


if __name__ == "__main__":
    sys.exit(main())
PY

dash_dir="$here/grafana/dashboards"
ds_yaml="$here/grafana/provisioning/datasources/prometheus.yaml"
prom_dir="$here/prometheus"
status=0

# ---------------------------------------------------------------------------- promtool
log "promtool check config"
promtool check config "$prom_dir/prometheus.yml" || status=1
log "promtool check rules"
promtool check rules "$prom_dir"/rules/*.yml || status=1
log "promtool test rules"
promtool test rules "$prom_dir"/rules/tests/*.yml || status=1

# ---------------------------------------------------------------------------- JSON structure
log "dashboard structure"
python3 "$tmp/check.py" structure "$dash_dir" "$ds_yaml" || status=1
if ! grep -q "path: /var/lib/grafana/dashboards/dcachestress" "$here/grafana/provisioning/dashboards/dcachestress.yaml" \
   || ! grep -q "./grafana/dashboards:/var/lib/grafana/dashboards/dcachestress" "$here/compose.yaml"; then
  echo "FAIL dashboard provider path and compose.yaml mount disagree"; status=1
fi

# ---------------------------------------------------------------------------- processes
if [ -z "$prom_port" ]; then prom_port="$(free_port)"; fi
port_open "$prom_port" && die "127.0.0.1:$prom_port is already in use; pass another --prom-port (or none: a free one)"
if [ -z "$metrics_port" ]; then
  if [ "$harness_cmd" = none ]; then metrics_port=9464; else metrics_port="$(free_port)"; fi
fi
metrics_host="127.0.0.1:$metrics_port"

# A copy of the shipped prometheus.yml with this run's target and absolute rule paths.
write_prom_config() {
  python3 - "$prom_dir/prometheus.yml" "$1" "$2" "$prom_dir" >"$3" <<'PY'
import re, sys
src, target, mode, prom_dir = sys.argv[1:5]
text = open(src).read()
text = re.sub(r'(?m)^(\s*-\s*)(rules/)', lambda m: m.group(1) + prom_dir + "/" + m.group(2), text)
if mode == "static":
    text = text[:text.index("scrape_configs:")] + "scrape_configs: []\n"
else:
    n = len(re.findall(r'"127\.0\.0\.1:9464"', text))
    if n != 1:
        sys.exit(f"{src}: expected one target 127.0.0.1:9464, found {n}")
    text = text.replace('"127.0.0.1:9464"', f'"{target}"')
sys.stdout.write(text)
PY
}
prom_config="$tmp/prometheus.yml"
if [ "$mode" = static ]; then
  write_prom_config "" static "$prom_config" || die "cannot write the Prometheus config"
else
  write_prom_config "$metrics_host" live "$prom_config" || die "cannot write the Prometheus config"
  if [ "$harness_cmd" = none ]; then
    http_ok "http://$metrics_host/metrics" || die "--harness-cmd none, but nothing serves http://$metrics_host/metrics"
  else
    port_open "$metrics_port" && die "$metrics_host is already in use: pass another --metrics-port (or none: a free one)"
    harness_cmd="$harness_cmd --metrics-url http://$metrics_host"
    log "starting harness: $harness_cmd"
    # Own session and process group (setsid), so the whole tree is stopped by its PID at exit.
    # No MSBuild node reuse or compiler server: a build it triggers leaves nothing running.
    # shellcheck disable=SC2016 # $1 and $2 expand in the inner shell
    MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false \
      setsid bash -c 'cd "$1" && exec bash -c "$2"' harness "$root" "$harness_cmd" \
      >"$tmp/harness.log" 2>&1 </dev/null &
    harness_pid=$!
  fi
fi

log "starting prometheus on 127.0.0.1:$prom_port"
prometheus --config.file="$prom_config" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$tmp/prometheus.log" 2>&1 </dev/null &
prom_pid=$!
base="http://127.0.0.1:$prom_port"
for _ in $(seq 1 120); do
  http_ok "$base/-/ready" && break
  kill -0 "$prom_pid" 2>/dev/null || { tail_log "$tmp/prometheus.log"; die "prometheus exited"; }
  sleep 0.5
done
http_ok "$base/-/ready" || { tail_log "$tmp/prometheus.log"; die "prometheus not ready after 60 s"; }

if [ "$mode" = live ]; then
  log "waiting for http://$metrics_host/metrics (up to ${startup_timeout} s)"
  waited=0
  until http_ok "http://$metrics_host/metrics"; do
    if [ -n "$harness_pid" ] && ! kill -0 "$harness_pid" 2>/dev/null; then
      tail_log "$tmp/harness.log" 60; die "harness exited before serving metrics"
    fi
    [ "$waited" -ge "$startup_timeout" ] && { tail_log "$tmp/harness.log" 60; die "no metrics after ${startup_timeout} s"; }
    sleep 1; waited=$((waited + 1))
  done
  log "waiting for Prometheus to scrape job dcachestress"
  up_query='count(up{job="dcachestress"} == 1)'
  for _ in $(seq 1 60); do
    python3 - "$base" "$up_query" <<'PY' && break
import json, sys, urllib.parse, urllib.request
u = sys.argv[1] + "/api/v1/query?" + urllib.parse.urlencode({"query": sys.argv[2]})
sys.exit(0 if json.load(urllib.request.urlopen(u, timeout=5))["data"]["result"] else 1)
PY
    sleep 1
  done
  log "target up; collecting ${seconds} s of samples"
  for _ in $(seq 1 "$seconds"); do sleep 1; done   # 1 s steps: Ctrl-C is handled at once
  if [ -n "$harness_pid" ] && ! kill -0 "$harness_pid" 2>/dev/null; then
    tail_log "$tmp/harness.log" 60
    die "harness exited before the queries (its series are stale now): raise --duration in --harness-cmd"
  fi
fi

log "expressions ($mode)"
recording=("$prom_dir"/rules/recording.yml)
python3 "$tmp/check.py" queries "$dash_dir" "$ds_yaml" "$base" "$mode" "${recording[@]}" || status=1

if [ "$status" != 0 ]; then
  [ -n "$harness_pid" ] && tail_log "$tmp/harness.log" 20
  echo "check.sh: FAILED"
  exit 1
fi
echo "check.sh: OK ($mode)"

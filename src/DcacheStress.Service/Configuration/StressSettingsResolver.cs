// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Fs;
using DcacheStress.Workload;
using Microsoft.Extensions.Configuration;

namespace DcacheStress.Service.Configuration;

/// <summary>
/// Turns the <c>Stress</c> configuration section into a validated <see cref="StressRunSettings"/>,
/// or into error lines, each naming the option and the allowed values. Only the last checks touch
/// the system (metrics port, report directory), and none of them leaves anything behind.
/// </summary>
public static class StressSettingsResolver
{
    /// <summary>Round length when none is given (at most the duration).</summary>
    public static readonly TimeSpan DefaultRound = TimeSpan.FromSeconds(4);

    /// <summary>The shortest round chosen automatically.</summary>
    public static readonly TimeSpan MinAutoRound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The round when none is given: the duration when it is shorter than <see cref="DefaultRound"/>;
    /// else <see cref="DefaultRound"/>, shortened (not below <see cref="MinAutoRound"/>) so that every
    /// patch gets at least three rounds in the duration: every catalogued patch of both filesystems
    /// (12) in the default 60 s gets 1.67 s rounds.
    /// </summary>
    public static TimeSpan AutoRound(TimeSpan duration, int patches)
    {
        if (duration <= TimeSpan.Zero)
            return DefaultRound;
        if (duration < DefaultRound)
            return duration;
        TimeSpan round = DefaultRound;
        if (patches > 0)
        {
            TimeSpan threeEach = duration / (3.0 * patches);
            if (threeEach < round)
                round = threeEach < MinAutoRound ? MinAutoRound : threeEach;
        }
        return round < duration ? round : duration;
    }

    /// <summary>How often checkpoint.json is written when not told.</summary>
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromSeconds(5);

    /// <summary>The longest checkpoint interval (issue 9: at least every 10 s).</summary>
    public static readonly TimeSpan MaxCheckpointInterval = TimeSpan.FromSeconds(10);

    /// <summary>Progress line interval without a terminal, when not told.</summary>
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromSeconds(60);

    /// <summary>Soak sampling interval when not told.</summary>
    public static readonly TimeSpan DefaultSoakInterval = TimeSpan.FromSeconds(60);

    /// <summary>Default metrics URL.</summary>
    public const string DefaultMetricsUrl = "http://127.0.0.1:9464";

    /// <summary>Default report folder, relative to the working directory.</summary>
    public const string DefaultReportsFolder = "reports";

    /// <summary>Resolve; <paramref name="errors"/> is empty on success.</summary>
    public static StressRunSettings? Resolve(IConfiguration configuration, string workingDirectory, DateTimeOffset now, out List<string> errors)
    {
        errors = [];
        IConfigurationSection section = configuration.GetSection(StressOptionCatalog.Section);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StressOptionInfo o in StressOptionCatalog.All)
        {
            string? v = Value(section, o.Key);
            if (v is not null)
                given[o.Key] = v;
        }
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (StressOptionCatalog.FindKey(child.Key) is null)
                errors.Add($"{StressOptionCatalog.Section}:{child.Key}: unknown setting (allowed: {string.Join(", ", StressOptionCatalog.All.Select(o => o.Key))})");
        }

        var p = new Parser(given, errors);
        IReadOnlyList<string> known = PatchCatalog.Names;
        List<string> patches = p.Patches(known);
        WorkloadKind workload = p.Workload();
        TimeSpan duration = p.Duration("Duration", TimeSpan.FromSeconds(60));
        TimeSpan? round = p.OptionalDuration("Round");
        bool seedFromClock = !given.ContainsKey("Seed");
        ulong seed = p.Seed() ?? ClockSeed(now);
        var defaults = new StressOptions();
        var engine = new StressOptions
        {
            Patches = patches,
            Workload = workload,
            Threads = p.Int("Threads", StressOptions.DefaultThreads(workload)),
            Duration = duration,
            Round = round ?? AutoRound(duration, patches.Count),
            Seed = seed,
            RaceWindows = p.OnOff("RaceWindows", true),
            StopOnFirstHit = p.Bool("StopOnFirstHit", false),
            OnBug = p.OnBugPolicy(),
            WindowPolicy = p.WindowPolicyOption(),
            StopOnFirstCrash = p.Bool("StopOnFirstCrash", false),
            Pin = p.Bool("Pin", false),
            Names = p.Int("Names", defaults.Names),
            Mounts = p.Int("Mounts", defaults.Mounts),
            RpcLatencyNs = p.Int("RpcLatencyNs", defaults.RpcLatencyNs),
            AttrCacheScale = p.Double("AttrCacheScale", defaults.AttrCacheScale),
            Churn = p.Double("Churn", defaults.Churn),
            Fanout = p.Int("Fanout", defaults.Fanout),
            Depth = p.Int("Depth", defaults.Depth),
            DHashShift = p.Int("DHashShift", defaults.DHashShift),
            Warmup = p.Duration("Warmup", defaults.Warmup, allowZero: true),
            WatchdogTimeout = p.Duration("Watchdog", defaults.WatchdogTimeout, allowZero: true),
        };
        bool bindAny = p.Bool("MetricsBindAny", false);
        TimeSpan checkpointInterval = p.Duration("CheckpointInterval", DefaultCheckpointInterval);
        if (checkpointInterval < TimeSpan.FromMilliseconds(100) || checkpointInterval > MaxCheckpointInterval)
            errors.Add($"--checkpoint-interval: {DurationText.Format(checkpointInterval)} is out of range (allowed: 100ms..10s)");
        FailOnRule failOn = p.FailOn();
        bool allPairs = p.Bool("AllPairs", false);
        string? baseline = given.TryGetValue("Baseline", out string? bl) ? bl.Trim() : null;
        if (baseline is not null && !patches.Contains(baseline, StringComparer.Ordinal))
            errors.Add($"--baseline: '{baseline}' is not one of the patches run (allowed: {string.Join(", ", patches)})");
        else if (baseline is not null && allPairs)
            errors.Add("--baseline: give --baseline PATCH or --all-pairs, not both");
        TimeSpan progressInterval = p.Duration("ProgressInterval", DefaultProgressInterval, allowZero: true);
        if (progressInterval > TimeSpan.Zero && progressInterval < TimeSpan.FromSeconds(1))
            errors.Add($"--progress-interval: {DurationText.Format(progressInterval)} is too short (allowed: 0 = off, or 1s or longer, e.g. 60s)");
        bool soak = p.Bool("Soak", false);
        TimeSpan soakInterval = p.Duration("SoakInterval", DefaultSoakInterval);
        if (soakInterval < TimeSpan.FromMilliseconds(100))
            errors.Add($"--soak-interval: {DurationText.Format(soakInterval)} is too short (allowed: 100ms or longer, e.g. 60s)");
        int? stallWorker = given.ContainsKey("DebugStallWorker") ? p.Int("DebugStallWorker", -1) : null;
        if (stallWorker is int sw && (sw < 0 || sw >= engine.Threads))
            errors.Add($"--debug-stall-worker: worker {sw} does not exist (allowed: 0..{engine.Threads - 1}, the worker index of w0, w1, ...)");
        if (errors.Count > 0)
            return null;

        foreach (string e in engine.Validate(known))
            errors.Add(e);
        if (errors.Count > 0)
            return null;

        // Checks against the system last: nothing is left behind by any of them.
        var warnings = new List<string>();
        // Rounds go to the patches in turn (A B C ...): a run shorter than one round per patch
        // leaves the last ones out, and their verdicts would compare nothing.
        int rounds = engine.Round > TimeSpan.Zero ? (int)Math.Ceiling(duration / engine.Round) : patches.Count;
        if (rounds < patches.Count)
            warnings.Add($"warning: {DurationText.Format(duration)} holds {rounds} round(s) of {DurationText.Format(engine.Round)}, so {string.Join(", ", patches.Skip(rounds))} get no round (a longer --duration, a shorter --round or fewer --patch)");
        MetricsEndpoint? metrics = null;
        string metricsText = given.GetValueOrDefault("MetricsUrl") ?? DefaultMetricsUrl;
        if (!string.Equals(metricsText.Trim(), MetricsEndpoint.None, StringComparison.OrdinalIgnoreCase))
        {
            metrics = MetricsEndpoint.TryParse(metricsText, out string? urlError);
            if (metrics is null)
            {
                errors.Add($"--metrics-url: {urlError}");
            }
            else if (!metrics.IsLoopback && !bindAny)
            {
                errors.Add($"--metrics-url: {metrics.Address} is not a loopback address; /metrics would be reachable from other machines (allowed: 127.0.0.1, ::1, localhost; or add --metrics-bind-any)");
                metrics = null;
            }
            else
            {
                if (!metrics.IsLoopback)
                    warnings.Add($"warning: /metrics is served on {metrics.Address}, reachable from other machines (--metrics-bind-any)");
                string? bindError = metrics.ProbeBind();
                if (bindError is not null)
                    errors.Add($"--metrics-url: {bindError}");
            }
        }

        string reportDir = given.TryGetValue("ReportDir", out string? rd) && !string.IsNullOrWhiteSpace(rd)
            ? Path.GetFullPath(rd, workingDirectory)
            : DefaultReportDir(workingDirectory, now);
        string? dirError = WritableDirectory.Check(reportDir);
        if (dirError is not null)
            errors.Add($"--report-dir: {dirError} (allowed: a directory this user can create and write)");

        string? jsonPath = null;
        if (given.TryGetValue("Json", out string? json))
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                errors.Add("--json: needs a file name");
            }
            else
            {
                jsonPath = Path.GetFullPath(json, workingDirectory);
                string? jsonError = Directory.Exists(jsonPath)
                    ? $"'{jsonPath}' is a directory"
                    : WritableDirectory.Check(Path.GetDirectoryName(jsonPath)!);
                if (jsonError is not null)
                    errors.Add($"--json: {jsonError} (allowed: a file path in a writable directory)");
            }
        }

        if (errors.Count > 0)
            return null;
        return new StressRunSettings
        {
            CheckpointInterval = checkpointInterval,
            FailOn = failOn,
            Baseline = baseline,
            AllPairs = allPairs,
            ProgressInterval = progressInterval,
            Soak = soak,
            SoakInterval = soakInterval,
            DebugStallWorker = stallWorker,
            Engine = engine,
            SeedFromClock = seedFromClock,
            Metrics = metrics,
            ReportDir = reportDir,
            JsonPath = jsonPath,
            Given = given,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// A seed from the clock, below 2^31 so that it reads and types easily and survives any JSON
    /// reader (JavaScript numbers included).
    /// </summary>
    public static ulong ClockSeed(DateTimeOffset now)
    {
        ulong x = (ulong)now.UtcTicks ^ (ulong)System.Diagnostics.Stopwatch.GetTimestamp() * 0x9E3779B97F4A7C15UL;
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        return (x & 0x7FFF_FFFFUL) | 1;
    }

    /// <summary><c>reports/20240704T101530Z</c> under <paramref name="workingDirectory"/>, made unique.</summary>
    public static string DefaultReportDir(string workingDirectory, DateTimeOffset now)
    {
        string stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string baseDir = Path.Combine(Path.GetFullPath(workingDirectory), DefaultReportsFolder, stamp);
        string dir = baseDir;
        for (int n = 2; Directory.Exists(dir) || File.Exists(dir); n++)
            dir = $"{baseDir}-{n}";
        return dir;
    }

    private static string? Value(IConfigurationSection section, string key)
    {
        IConfigurationSection s = section.GetSection(key);
        if (s.Value is not null)
            return s.Value;
        // An array in appsettings.json ("Patch": ["v4.7", "v4.7-rc6"]).
        var items = s.GetChildren().Select(c => c.Value).Where(v => v is not null).ToList();
        return items.Count > 0 ? string.Join(',', items) : null;
    }

    /// <summary>Typed reads of the given values; each problem becomes one error line.</summary>
    private sealed class Parser(Dictionary<string, string> given, List<string> errors)
    {
        private static readonly string[] s_true = ["true", "on", "yes", "1"];
        private static readonly string[] s_false = ["false", "off", "no", "0"];

        private string? Raw(string key) => given.TryGetValue(key, out string? v) ? v.Trim() : null;

        private void Error(string key, string message) => errors.Add($"{StressOptionCatalog.CliOf(key)}: {message}");

        public List<string> Patches(IReadOnlyList<string> known)
        {
            string? raw = Raw("Patch");
            if (raw is null || string.Equals(raw, "all", StringComparison.OrdinalIgnoreCase))
                return [.. known];
            var list = raw.Split(',', StringSplitOptions.TrimEntries).ToList();
            if (list.Any(string.IsNullOrEmpty))
            {
                Error("Patch", $"empty patch name in '{raw}' (allowed: {string.Join(", ", known)}, or all)");
                return [];
            }
            return list;
        }

        public WorkloadKind Workload()
        {
            string? raw = Raw("Workload");
            if (raw is null)
                return WorkloadKind.OpenStorm;
            if (WorkloadNames.TryParse(raw, out WorkloadKind kind))
                return kind;
            Error("Workload", $"unknown workload '{raw}' (allowed: {string.Join(", ", WorkloadNames.All)})");
            return WorkloadKind.OpenStorm;
        }

        public FailOnRule FailOn()
        {
            string? raw = Raw("FailOn");
            if (raw is null)
                return FailOnRule.Default;
            if (FailOnRule.Find(raw) is { } rule)
                return rule;
            Error("FailOn", $"unknown rule '{raw}' (allowed: {string.Join(", ", FailOnRule.Names)})");
            return FailOnRule.Default;
        }

        public WindowPolicy WindowPolicyOption()
        {
            string? raw = Raw("WindowPolicy");
            if (raw is null)
                return WindowPolicy.Uniform;
            if (WindowPolicyNames.TryParse(raw.ToLowerInvariant(), out WindowPolicy value))
                return value;
            Error("WindowPolicy", $"unknown value '{raw}' (allowed: {string.Join(", ", WindowPolicyNames.All)})");
            return WindowPolicy.Uniform;
        }

        public OnBug OnBugPolicy()
        {
            string? raw = Raw("OnBug");
            if (raw is null)
                return DcacheStress.Workload.OnBug.Reboot;
            if (OnBugNames.TryParse(raw.ToLowerInvariant(), out OnBug value))
                return value;
            Error("OnBug", $"unknown value '{raw}' (allowed: {string.Join(", ", OnBugNames.All)})");
            return DcacheStress.Workload.OnBug.Reboot;
        }

        public TimeSpan Duration(string key, TimeSpan fallback, bool allowZero = false) =>
            OptionalDuration(key, allowZero) ?? fallback;

        public TimeSpan? OptionalDuration(string key, bool allowZero = false)
        {
            string? raw = Raw(key);
            if (raw is null)
                return null;
            if (!DurationText.TryParse(raw, out TimeSpan t))
            {
                Error(key, $"'{raw}' is not a duration (allowed: {DurationText.Allowed})");
                return null;
            }
            if (t == TimeSpan.Zero && !allowZero)
            {
                Error(key, $"'{raw}' must be longer than zero (allowed: {DurationText.Allowed})");
                return null;
            }
            return t;
        }

        public ulong? Seed()
        {
            string? raw = Raw("Seed");
            if (raw is null)
                return null;
            bool ok = raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(raw.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
                : ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out v);
            if (!ok)
            {
                Error("Seed", $"'{raw}' is not a seed (allowed: a whole number 0..18446744073709551615, or 0x hex)");
                return null;
            }
            return v;
        }

        public int Int(string key, int fallback) =>
            Parsed(key, fallback, "is not a whole number",
                raw => int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : null);

        public double Double(string key, double fallback) =>
            Parsed(key, fallback, "is not a number",
                raw => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null);

        public bool OnOff(string key, bool fallback) =>
            Parsed(key, fallback, "is not on or off (allowed: on, off)", Switch);

        public bool Bool(string key, bool fallback) =>
            Parsed(key, fallback, "is not true or false (allowed: true, false; on the command line the switch alone means true)", Switch);

        /// <summary>true, false, or null for anything else (the words of both on/off and true/false).</summary>
        private static bool? Switch(string raw)
        {
            if (s_true.Contains(raw, StringComparer.OrdinalIgnoreCase))
                return true;
            if (s_false.Contains(raw, StringComparer.OrdinalIgnoreCase))
                return false;
            return null;
        }

        /// <summary>
        /// The value of <paramref name="key"/> read by <paramref name="parse"/> (null: not
        /// readable), <paramref name="fallback"/> when not given; when not readable, one error
        /// line "'raw' <paramref name="problem"/>" and <paramref name="fallback"/>.
        /// </summary>
        private T Parsed<T>(string key, T fallback, string problem, Func<string, T?> parse)
            where T : struct
        {
            string? raw = Raw(key);
            if (raw is null)
                return fallback;
            if (parse(raw) is T v)
                return v;
            Error(key, $"'{raw}' {problem}");
            return fallback;
        }
    }
}

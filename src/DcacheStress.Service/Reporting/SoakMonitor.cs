// SPDX-License-Identifier: GPL-2.0-only
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DcacheStress.Service.Terminal;
using DcacheStress.Workload;

namespace DcacheStress.Service.Reporting;

/// <summary>One soak sample: the process and the run at the end of an interval.</summary>
public sealed record SoakSample
{
    /// <summary>Run clock (seconds) at the sample.</summary>
    public required double Seconds { get; init; }

    /// <summary>Length of the interval this sample closes (seconds, wall clock).</summary>
    public required double IntervalSeconds { get; init; }

    /// <summary>Resident set size (VmRSS).</summary>
    public required long RssBytes { get; init; }

    /// <summary>GC heap size after the last collection.</summary>
    public required long GcHeapBytes { get; init; }

    /// <summary>Bytes the GC thinks are allocated now (<c>GC.GetTotalMemory(false)</c>).</summary>
    public required long ManagedBytes { get; init; }

    /// <summary>Gen2 collections so far.</summary>
    public required int Gen2Collections { get; init; }

    /// <summary>OS threads of the process.</summary>
    public required int Threads { get; init; }

    /// <summary>Ops over the interval per wall second (every patch together).</summary>
    public required double OpsPerSecond { get; init; }

    /// <summary>Per patch: ops over the interval per second that patch was running (absent: it did not run).</summary>
    public required Dictionary<string, double> PatchOpsPerSecond { get; init; }

    /// <summary>Dentries allocated and not freed (<c>nr_dentry</c>), every patch's dcache together.</summary>
    public long Dentries { get; init; }

    /// <summary>True for the end-of-run sample (a partial interval: not used for the ops/s verdict).</summary>
    public bool Final { get; init; }
}

/// <summary>The drift verdict of a soak run.</summary>
public sealed record SoakVerdict
{
    /// <summary>True: no drift; false: drift; null: not enough intervals to say.</summary>
    public required bool? Pass { get; init; }

    /// <summary>RSS after the first interval.</summary>
    public required long RssFirstBytes { get; init; }

    /// <summary>RSS at the end.</summary>
    public required long RssEndBytes { get; init; }

    /// <summary>End / first.</summary>
    public required double RssRatio { get; init; }

    /// <summary>The limit on <see cref="RssRatio"/> (1.3).</summary>
    public required double RssLimit { get; init; }

    /// <summary>RSS verdict.</summary>
    public required bool RssPass { get; init; }

    /// <summary>Per patch: first and last full interval's ops/s and the change.</summary>
    public required List<SoakThroughput> Throughput { get; init; }

    /// <summary>Allowed ops/s change, either way (0.10).</summary>
    public required double OpsTolerance { get; init; }

    /// <summary>Ops/s verdict (null: fewer than two full intervals).</summary>
    public required bool? OpsPass { get; init; }

    /// <summary>The verdict in one line.</summary>
    public required string Line { get; init; }
}

/// <summary>First and last full-interval throughput of one patch.</summary>
public sealed record SoakThroughput(string Patch, double FirstOpsPerSecond, double LastOpsPerSecond, double Change, bool Pass);

/// <summary>
/// Soak mode: every interval, samples RSS (<c>/proc/self/status</c> VmRSS), the GC heap, gen2
/// collections, the thread count and the interval's ops/s; at the end, the drift verdict (RSS at
/// the end at most 1.3 x RSS after the first interval; each patch's ops/s in its last full
/// interval within 10% of its first).
/// </summary>
public sealed class SoakMonitor
{
    /// <summary>RSS at the end may be at most this times RSS after the first interval.</summary>
    public const double RssLimit = 1.3;

    /// <summary>Ops/s of the last interval within this share of the first, either way.</summary>
    public const double OpsTolerance = 0.10;

    private readonly StressEngine _engine;
    private readonly TimeSpan _interval;
    private readonly List<SoakSample> _samples = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private long[] _lastOps;
    private double[] _lastActive;
    private double _lastWall;
    private bool _started;

    /// <summary>Sample <paramref name="engine"/>'s run every <paramref name="interval"/>.</summary>
    public SoakMonitor(StressEngine engine, TimeSpan interval)
    {
        _engine = engine;
        _interval = interval;
        _lastOps = new long[engine.Targets.Count];
        _lastActive = new double[engine.Targets.Count];
    }

    /// <summary>Samples so far.</summary>
    public IReadOnlyList<SoakSample> Samples => _samples;

    /// <summary>The interval.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>Call often (the service's tick): takes a sample when an interval has passed.</summary>
    public SoakSample? Tick()
    {
        if (!_started)
        {
            // The interval starts with the run's clock, after the warm-up.
            if (_engine.RoundIndex < 0)
                return null;
            Reset();
            _started = true;
            return null;
        }
        if (_wall.Elapsed.TotalSeconds - _lastWall < _interval.TotalSeconds)
            return null;
        return Take(final: false);
    }

    /// <summary>The end-of-run sample (after the workers are parked).</summary>
    public SoakSample? Final() => _started ? Take(final: true) : null;

    private void Reset()
    {
        _lastWall = _wall.Elapsed.TotalSeconds;
        for (int i = 0; i < _engine.Targets.Count; i++)
        {
            _lastOps[i] = _engine.Targets[i].TotalOps;
            _lastActive[i] = _engine.ActiveSecondsNow(_engine.Targets[i]);
        }
    }

    private SoakSample Take(bool final)
    {
        double now = _wall.Elapsed.TotalSeconds;
        double dt = now - _lastWall;
        long allOps = 0;
        var perPatch = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < _engine.Targets.Count; i++)
        {
            PatchTarget t = _engine.Targets[i];
            long ops = t.TotalOps;
            double active = _engine.ActiveSecondsNow(t);
            long dOps = ops - _lastOps[i];
            double dActive = active - _lastActive[i];
            allOps += dOps;
            if (dActive > 0.05)
                perPatch[t.Patch.Name] = dOps / dActive;
            _lastOps[i] = ops;
            _lastActive[i] = active;
        }
        _lastWall = now;
        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        (long rss, int threads) = ProcStatus();
        var s = new SoakSample
        {
            Seconds = _engine.Elapsed.TotalSeconds,
            IntervalSeconds = dt,
            RssBytes = rss,
            GcHeapBytes = gc.HeapSizeBytes,
            ManagedBytes = GC.GetTotalMemory(false),
            Gen2Collections = GC.CollectionCount(2),
            Threads = threads,
            OpsPerSecond = dt > 0 ? allOps / dt : 0,
            PatchOpsPerSecond = perPatch,
            Dentries = _engine.Targets.Sum(t => t.Dcache.nr_dentry),
            Final = final,
        };
        _samples.Add(s);
        return s;
    }

    /// <summary>VmRSS and Threads of /proc/self/status (falls back to <see cref="Process"/>).</summary>
    public static (long RssBytes, int Threads) ProcStatus()
    {
        long rss = -1;
        int threads = -1;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Not Linux: below.
        }
        if (rss < 0 || threads < 0)
        {
            using var p = Process.GetCurrentProcess();
            if (rss < 0)
                rss = p.WorkingSet64;
            if (threads < 0)
                threads = p.Threads.Count;
        }
        return (rss, threads);
    }

    /// <summary>The drift verdict over the samples so far (null: no sample at all).</summary>
    public SoakVerdict? Verdict()
    {
        if (_samples.Count == 0)
            return null;
        var c = CultureInfo.InvariantCulture;
        long rssFirst = _samples[0].RssBytes;
        long rssEnd = _samples[^1].RssBytes;
        double ratio = rssFirst > 0 ? rssEnd / (double)rssFirst : double.NaN;
        bool rssPass = rssFirst > 0 && ratio <= RssLimit;

        // Full intervals only: the final sample closes a partial one.
        var full = _samples.Where(s => !s.Final).ToList();
        var throughput = new List<SoakThroughput>();
        foreach (string patch in _engine.Targets.Select(t => t.Patch.Name))
        {
            var rates = full.Where(s => s.PatchOpsPerSecond.ContainsKey(patch)).Select(s => s.PatchOpsPerSecond[patch]).ToList();
            if (rates.Count < 2)
                continue;
            double first = rates[0];
            double last = rates[^1];
            double change = first > 0 ? (last - first) / first : double.NaN;
            throughput.Add(new SoakThroughput(patch, first, last, change, Math.Abs(change) <= OpsTolerance));
        }
        bool? opsPass = throughput.Count == 0 ? null : throughput.All(t => t.Pass);
        bool? pass = full.Count < 2 || opsPass is null ? null : rssPass && opsPass.Value;

        var sb = new StringBuilder();
        sb.Append(pass switch { true => "soak: PASS", false => "soak: FAIL (drift)", null => "soak: NO VERDICT (fewer than two full intervals)" });
        sb.Append(c, $"; RSS {Numbers.Si(rssFirst)}B after the first interval -> {Numbers.Si(rssEnd)}B at the end (x{ratio:0.00}, limit x{RssLimit:0.0}: {(rssPass ? "ok" : "over")})");
        foreach (SoakThroughput t in throughput)
            sb.Append(c, $"; {t.Patch} ops/s {Numbers.Si(t.FirstOpsPerSecond)} first -> {Numbers.Si(t.LastOpsPerSecond)} last ({t.Change * 100:+0.0;-0.0}%, limit ±{OpsTolerance * 100:0}%: {(t.Pass ? "ok" : "drift")})");
        sb.Append(c, $"; {full.Count} intervals of {DurationText.Format(_interval)}");
        return new SoakVerdict
        {
            Pass = pass,
            RssFirstBytes = rssFirst,
            RssEndBytes = rssEnd,
            RssRatio = ratio,
            RssLimit = RssLimit,
            RssPass = rssPass,
            Throughput = throughput,
            OpsTolerance = OpsTolerance,
            OpsPass = opsPass,
            Line = sb.ToString(),
        };
    }

    /// <summary>report.json's <c>soak</c> object.</summary>
    public JsonElement ToJson()
    {
        var opts = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        return JsonSerializer.SerializeToElement(new
        {
            IntervalSeconds = _interval.TotalSeconds,
            Samples = _samples,
            Verdict = Verdict(),
        }, opts);
    }

    /// <summary>A Markdown section for report.md.</summary>
    public string Markdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("## Soak");
        sb.AppendLine();
        SoakVerdict? v = Verdict();
        sb.AppendLine(v?.Line ?? "soak: no samples");
        sb.AppendLine();
        sb.AppendLine("| run s | RSS MiB | GC heap MiB | gen2 | threads | dentries | ops/s |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (SoakSample s in _samples)
            sb.AppendLine(string.Create(c, $"| {s.Seconds:0.0}{(s.Final ? " (end)" : "")} | {s.RssBytes / 1048576.0:0.0} | {s.GcHeapBytes / 1048576.0:0.0} | {s.Gen2Collections} | {s.Threads} | {s.Dentries} | {s.OpsPerSecond:0} |"));
        return sb.ToString();
    }
}

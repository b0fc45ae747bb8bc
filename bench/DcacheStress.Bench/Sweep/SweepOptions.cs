// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Fs;
using DcacheStress.Workload;

namespace DcacheStress.Bench.Sweep;

/// <summary>Options of <c>sweep</c>; <see cref="Parse"/> turns the command line into one or one error line.</summary>
internal sealed record SweepOptions
{
    /// <summary>The op mix (lookup-hot, racer, open-storm).</summary>
    public WorkloadKind Workload { get; init; } = WorkloadKind.LookupHot;

    /// <summary>Thread counts, one row each (per impl and churn).</summary>
    public IReadOnlyList<int> Threads { get; init; } = [1, Environment.ProcessorCount];

    /// <summary>Writer shares for lookup-hot (0..1), one row each.</summary>
    public IReadOnlyList<double> Churn { get; init; } = [0.0];

    /// <summary>Implementations, one row each.</summary>
    public IReadOnlyList<SweepImpl> Impls { get; init; } = [SweepImpl.Rcu, SweepImpl.RcuWalk, SweepImpl.Cd, SweepImpl.GlobalLock];

    /// <summary>Measured time per row.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Unmeasured time per row before the measurement starts (JIT tiers, caches).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>CSV output file (null: none).</summary>
    public string? Csv { get; init; }

    /// <summary>Markdown output file (null: none; the table also goes to stdout).</summary>
    public string? Md { get; init; }

    /// <summary>Patch the rcu rows run.</summary>
    public string Patch { get; init; } = "v4.7";

    /// <summary>Race-window delays in the rcu rows.</summary>
    public bool RaceWindows { get; init; }

    /// <summary>Run seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Simulated RPC latency of the model's server (ns).</summary>
    public int RpcLatencyNs { get; init; }

    /// <summary>lookup-hot fan-out.</summary>
    public int Fanout { get; init; } = 8;

    /// <summary>lookup-hot depth.</summary>
    public int Depth { get; init; } = 3;

    /// <summary>Client mounts (null: 1 for lookup-hot, 2 for the race workloads).</summary>
    public int? Mounts { get; init; }

    /// <summary>Measure every row this many times, interleaved; the table keeps each row's best.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Before each row, wait until the machine is this idle (0..1; 0 = do not wait).</summary>
    public double WaitIdle { get; init; }

    /// <summary>The longest wait for <see cref="WaitIdle"/> before a row runs anyway.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Pin worker i to CPU i % cores.</summary>
    public bool Pin { get; init; }

    /// <summary>Print usage and exit.</summary>
    public bool Help { get; init; }

    /// <summary>Mounts in effect.</summary>
    public int EffectiveMounts => Mounts ?? (Workload == WorkloadKind.LookupHot ? 1 : 2);

    /// <summary>Every option, for the unknown-option error.</summary>
    public static IReadOnlyList<string> OptionNames { get; } =
    [
        "--workload", "--threads", "--churn", "--impl", "--duration", "--warmup", "--csv", "--md", "--patch", "--race-windows",
        "--seed", "--rpc-latency-ns", "--fanout", "--depth", "--mounts", "--repeat", "--wait-idle", "--wait-timeout", "--pin",
    ];

    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: DcacheStress.Bench sweep [options]      (./run.sh sweep [options])
        Will-it-scale style scaling table: for each impl, churn and thread count, dedicated threads
        run the workload for --duration after --warmup; ops/s, per thread, linear (the smallest
        thread count's per-thread rate x n), efficiency (ops/s / linear), seqcount retries per lookup.

          --workload NAME       lookup-hot (default), racer, open-storm (racer/open-storm: --impl rcu only)
          --threads LIST        thread counts, e.g. 1,2,4 (default: 1,<cores>)
          --churn LIST          lookup-hot writer share 0..1 (create/unlink/rename), e.g. 0,0.1 (default 0)
          --impl LIST           rcu, rcu-walk, cd, global-lock (default: all four)
                                  rcu          the port end to end: Ops.Run through the ported VFS, NFS
                                               model and dcache (vfs_stat; create/unlink/rename syscalls)
                                  rcu-walk     the port's dcache alone, same work as the baselines: per
                                               component __d_lookup_rcu + d_seq checks; writers d_alloc+
                                               d_add / d_drop / d_move under the parent's i_rwsem
                                  cd           ConcurrentDictionary<(parent dentry, name bytes), dentry>
                                  global-lock  one ReaderWriterLockSlim around a Dictionary (dcache_lock)
          --duration TIME       measured time per row: 5s, 500ms, 2m, 1h30m, or seconds (default 5s)
          --warmup TIME         unmeasured time per row before measuring (default 1s)
          --csv FILE            write the table as CSV
          --md FILE             write the table and the machine as Markdown
          --patch NAME          patch for rcu rows (default v4.7)
          --race-windows on|off race-window delays in rcu rows (default off)
          --seed N              run seed (default 1)
          --rpc-latency-ns N    simulated server RPC time (default 0: measure the dcache, not the model's RPCs)
          --fanout N --depth N  lookup-hot tree shape (default 8 and 3: /t/dA/dB/dC/fE, 4681 dentries)
          --mounts N            client mounts (default 1 for lookup-hot, 2 otherwise; only rcu allows more)
          --repeat N            measure every row N times, rounds interleaved, keep each row's best ops/s
                                (other processes only ever slow a row down; default 1)
          --wait-idle PCT       before each row wait until all CPUs were PCT% idle over a second (e.g. 90):
                                on a shared machine, measure in the quiet moments (default 0: no wait)
          --wait-timeout TIME   give up waiting after TIME and measure anyway (default 10m)
          --pin                 pin worker i to CPU i % cores (sched_setaffinity)
          --help                this text
        Durations take the units of every mode (ms, s, m, h, d; 1h30m; a plain number is seconds).
        Bad input prints one line naming the option and exits 2.
        Exit: 0 ok, 1 a row failed or a file could not be written, 2 bad input.
        """;

    /// <summary>Parse <paramref name="args"/>; on failure <paramref name="error"/> is one line naming the option.</summary>
    public static SweepOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var o = new SweepOptions();
        error = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            if (arg is "--help" or "-h")
                return o with { Help = true };
            if (arg == "--pin")
            {
                o = o with { Pin = true };
                continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"sweep: unexpected argument '{arg}' (options start with --; see sweep --help)";
                return null;
            }
            if (!seen.Add(arg))
            {
                error = $"{arg}: given twice";
                return null;
            }
            string? value = inline;
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{arg}: needs a value (see sweep --help)";
                    return null;
                }
                value = args[++i];
            }
            o = Apply(o, arg, value, out error)!;
            if (error is not null)
                return null;
        }
        error = o.Validate();
        return error is null ? o : null;
    }

    private static SweepOptions? Apply(SweepOptions o, string name, string value, out string? error)
    {
        error = null;
        switch (name)
        {
            case "--workload":
                if (!WorkloadNames.TryParse(value, out WorkloadKind kind))
                {
                    error = $"--workload: unknown workload '{value}' (allowed: {string.Join(", ", WorkloadNames.All)})";
                    return null;
                }
                return o with { Workload = kind };
            case "--threads":
            {
                var list = new List<int>();
                foreach (string s in SplitList(value))
                {
                    if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 1024)
                    {
                        error = $"--threads: '{s}' is not a thread count 1..1024 (give a list such as 1,2,4)";
                        return null;
                    }
                    list.Add(n);
                }
                if (list.Count == 0 || list.Distinct().Count() != list.Count)
                {
                    error = $"--threads: give distinct counts, e.g. 1,2,4 (got '{value}')";
                    return null;
                }
                return o with { Threads = list };
            }
            case "--churn":
            {
                var list = new List<double>();
                foreach (string s in SplitList(value))
                {
                    if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double c) || !(c >= 0 && c <= 1))
                    {
                        error = $"--churn: '{s}' is not a writer share 0..1 (e.g. 0.1)";
                        return null;
                    }
                    list.Add(c);
                }
                if (list.Count == 0 || list.Distinct().Count() != list.Count)
                {
                    error = $"--churn: give distinct shares, e.g. 0,0.1 (got '{value}')";
                    return null;
                }
                return o with { Churn = list };
            }
            case "--impl":
            {
                var list = new List<SweepImpl>();
                foreach (string s in SplitList(value))
                {
                    if (!SweepImplNames.TryParse(s, out SweepImpl impl))
                    {
                        error = $"--impl: unknown implementation '{s}' (allowed: {string.Join(", ", SweepImplNames.All)})";
                        return null;
                    }
                    if (!list.Contains(impl))
                        list.Add(impl);
                }
                if (list.Count == 0)
                {
                    error = $"--impl: give at least one of {string.Join(", ", SweepImplNames.All)}";
                    return null;
                }
                return o with { Impls = list };
            }
            case "--duration":
                if (!DurationText.TryParse(value, out TimeSpan d) || d <= TimeSpan.Zero || d > TimeSpan.FromHours(24))
                {
                    error = $"--duration: '{value}' is not a duration above zero and up to 24h (allowed: {DurationText.Allowed})";
                    return null;
                }
                return o with { Duration = d };
            case "--warmup":
                if (!DurationText.TryParse(value, out TimeSpan w) || w > TimeSpan.FromHours(1))
                {
                    error = $"--warmup: '{value}' is not a duration up to 1h (allowed: {DurationText.Allowed}, or 0)";
                    return null;
                }
                return o with { Warmup = w };
            case "--csv":
                return o with { Csv = value };
            case "--md":
                return o with { Md = value };
            case "--patch":
                if (!PatchCatalog.Names.Contains(value))
                {
                    error = $"--patch: unknown patch '{value}' (allowed: {string.Join(", ", PatchCatalog.Names)})";
                    return null;
                }
                return o with { Patch = value };
            case "--race-windows":
                if (value is not ("on" or "off"))
                {
                    error = $"--race-windows: '{value}' must be on or off";
                    return null;
                }
                return o with { RaceWindows = value == "on" };
            case "--seed":
                if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
                {
                    error = $"--seed: '{value}' is not an unsigned integer";
                    return null;
                }
                return o with { Seed = seed };
            case "--rpc-latency-ns":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int ns) || ns > 10_000_000)
                {
                    error = $"--rpc-latency-ns: '{value}' must be 0..10000000";
                    return null;
                }
                return o with { RpcLatencyNs = ns };
            case "--fanout":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int f) || f < 1 || f > 64)
                {
                    error = $"--fanout: '{value}' must be 1..64";
                    return null;
                }
                return o with { Fanout = f };
            case "--depth":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int dp) || dp < 1 || dp > 6)
                {
                    error = $"--depth: '{value}' must be 1..6";
                    return null;
                }
                return o with { Depth = dp };
            case "--repeat":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int rep) || rep < 1 || rep > 100)
                {
                    error = $"--repeat: '{value}' must be 1..100";
                    return null;
                }
                return o with { Repeat = rep };
            case "--wait-idle":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double pct) || !(pct >= 0 && pct <= 100))
                {
                    error = $"--wait-idle: '{value}' must be a percentage 0..100";
                    return null;
                }
                return o with { WaitIdle = pct / 100 };
            case "--wait-timeout":
                if (!DurationText.TryParse(value, out TimeSpan wt) || wt > TimeSpan.FromHours(24))
                {
                    error = $"--wait-timeout: '{value}' is not a duration up to 24h (allowed: {DurationText.Allowed})";
                    return null;
                }
                return o with { WaitTimeout = wt };
            case "--mounts":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int m) || m < 1 || m > 8)
                {
                    error = $"--mounts: '{value}' must be 1..8";
                    return null;
                }
                return o with { Mounts = m };
            default:
                error = $"{name}: unknown option (allowed: {string.Join(", ", OptionNames)}, --help)";
                return null;
        }
    }

    private string? Validate()
    {
        if (Workload != WorkloadKind.LookupHot)
        {
            if (Impls.Any(i => i != SweepImpl.Rcu))
                return $"--impl: rcu-walk, cd and global-lock model lookup-hot only; with --workload {WorkloadNames.Name(Workload)} use --impl rcu";
            if (Churn.Any(c => c != 0))
                return $"--churn: applies to lookup-hot only (the {WorkloadNames.Name(Workload)} mix has its own writers)";
        }
        if (EffectiveMounts != 1 && Impls.Any(i => i != SweepImpl.Rcu))
            return "--mounts: rcu-walk, cd and global-lock model one mount; use --mounts 1 or --impl rcu";
        long leaves = (long)Math.Pow(Fanout, Depth + 1);
        if (leaves > 2_000_000)
            return $"--fanout/--depth: {Fanout}^{Depth + 1} = {leaves} leaves is too many (at most 2000000)";
        if (Csv is { Length: 0 } || Md is { Length: 0 })
            return "--csv/--md: give a file name";
        return null;
    }

    private static IEnumerable<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

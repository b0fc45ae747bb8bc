// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload;

/// <summary>
/// The crash unit of one target (issue 13, D13). The kernel stops at its first BUG; the port takes
/// a safe way out and could go on, so only the first kernel-BUG-class hit of a boot is a crash, and
/// every hit after it in the same boot is counted apart (a consequence, maybe) and never enters a
/// rate. Root-cause checks are counted per boot too, so that a burst counts once. Hits are rare
/// next to ops: one lock per hit, taken on the hitting thread.
/// </summary>
public sealed class CrashAccounting
{
    /// <summary>How many per-crash figures are kept for medians (the counts go on past it).</summary>
    public const int MaxKept = 100_000;

    private readonly object _lock = new();
    private readonly SortedDictionary<string, long> _crashes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _afterCrash = new(StringComparer.Ordinal);
    private readonly List<long> _opsToCrash = [];
    private readonly List<double> _secondsToCrash = [];
    private int _boots = 1;
    private double? _firstCrashSeconds;
    private long _opsAtRiskDone;        // finished boots
    private long _opsAfterCrashDone;    // finished boots
    private long _rootCauseHits;
    private int _bootsWithRootCause;
    private long _rootExposureDone;     // finished boots

    // The running boot.
    private long _bootStartOps;
    private double _bootStartSeconds;
    private volatile bool _crashed;
    private long _crashOps;
    private long? _firstRootCauseOps;

    /// <summary>Boots started so far.</summary>
    public int Boots
    {
        get
        {
            lock (_lock)
                return _boots;
        }
    }

    /// <summary>Index of the running boot (0 = the first).</summary>
    public int BootIndex => Boots - 1;

    /// <summary>True once the running boot crashed (a reboot is due, or the run goes on past it with <see cref="OnBug.Continue"/>).</summary>
    public bool Crashed => _crashed;

    /// <summary>
    /// Classify one hit of <paramref name="inv"/> at <paramref name="opsNow"/> total ops and
    /// <paramref name="activeSeconds"/> of the patch; a crash is recorded with <paramref name="thread"/>.
    /// </summary>
    public HitClass OnHit(Invariant inv, long opsNow, double activeSeconds, string thread)
    {
        lock (_lock)
        {
            string name = InvariantInfo.Name(inv);
            if (_crashed)
            {
                _afterCrash[name] = _afterCrash.GetValueOrDefault(name) + 1;
                return HitClass.AfterCrash;
            }
            switch (InvariantInfo.Kind(inv))
            {
                case InvariantKind.KernelBug:
                    _crashOps = Math.Max(opsNow, _bootStartOps);
                    _crashes[name] = _crashes.GetValueOrDefault(name) + 1;
                    _firstCrashSeconds ??= activeSeconds;
                    if (_opsToCrash.Count < MaxKept)
                    {
                        _opsToCrash.Add(_crashOps - _bootStartOps);
                        _secondsToCrash.Add(Math.Max(0, activeSeconds - _bootStartSeconds));
                    }
                    _crashed = true; // last: Crashed readers see the record complete
                    return HitClass.Crash;
                case InvariantKind.RootCause:
                    _rootCauseHits++;
                    if (_firstRootCauseOps is null)
                    {
                        _firstRootCauseOps = Math.Max(opsNow, _bootStartOps);
                        _bootsWithRootCause++;
                    }
                    return HitClass.RootCause;
                default:
                    return HitClass.PortCheck;
            }
        }
    }

    /// <summary>
    /// Start a new boot at <paramref name="opsNow"/> and <paramref name="activeSeconds"/>: the
    /// running one ends (its figures move to the finished boots). Called with the workers parked.
    /// </summary>
    public void Reboot(long opsNow, double activeSeconds)
    {
        lock (_lock)
        {
            EndBoot(opsNow, out long atRisk, out long after, out long rootExposure);
            _opsAtRiskDone += atRisk;
            _opsAfterCrashDone += after;
            _rootExposureDone += rootExposure;
            _boots++;
            _bootStartOps = opsNow;
            _bootStartSeconds = activeSeconds;
            _firstRootCauseOps = null;
            _crashed = false;
        }
    }

    /// <summary>
    /// The figures now, the running boot included up to <paramref name="opsNow"/>; without the
    /// per-crash lists when <paramref name="lists"/> is false (a metrics scrape needs only counts).
    /// </summary>
    public CrashTotals Totals(long opsNow, bool lists = true)
    {
        lock (_lock)
        {
            EndBoot(opsNow, out long atRisk, out long after, out long rootExposure);
            return new CrashTotals
            {
                Boots = _boots,
                CrashesByInvariant = new(_crashes, StringComparer.Ordinal),
                OpsAtRisk = _opsAtRiskDone + atRisk,
                OpsAfterCrash = _opsAfterCrashDone + after,
                OpsToCrash = lists ? [.. _opsToCrash] : [],
                SecondsToCrash = lists ? [.. _secondsToCrash] : [],
                FirstCrashSeconds = _firstCrashSeconds,
                RootCauseHits = _rootCauseHits,
                BootsWithRootCause = _bootsWithRootCause,
                OpsToRootCauseExposure = _rootExposureDone + rootExposure,
                AfterCrashHits = new(_afterCrash, StringComparer.Ordinal),
            };
        }
    }

    /// <summary>
    /// Continue from <paramref name="carried"/> (a checkpoint of an earlier segment of the run),
    /// whose boots are all finished: this process's first boot starts at <paramref name="opsNow"/>.
    /// </summary>
    public void Restore(CrashTotals carried, long opsNow, double activeSeconds)
    {
        lock (_lock)
        {
            _crashes.Clear();
            foreach (var (k, v) in carried.CrashesByInvariant)
                _crashes[k] = v;
            _afterCrash.Clear();
            foreach (var (k, v) in carried.AfterCrashHits)
                _afterCrash[k] = v;
            _opsToCrash.Clear();
            _opsToCrash.AddRange(carried.OpsToCrash);
            _secondsToCrash.Clear();
            _secondsToCrash.AddRange(carried.SecondsToCrash);
            _firstCrashSeconds = carried.FirstCrashSeconds;
            _opsAtRiskDone = carried.OpsAtRisk;
            _opsAfterCrashDone = carried.OpsAfterCrash;
            _rootCauseHits = carried.RootCauseHits;
            _bootsWithRootCause = carried.BootsWithRootCause;
            _rootExposureDone = carried.OpsToRootCauseExposure;
            // A resumed process boots afresh: the checkpointed boots are over.
            _boots = carried.Boots + 1;
            _bootStartOps = opsNow;
            _bootStartSeconds = activeSeconds;
            _firstRootCauseOps = null;
            _crashed = false;
        }
    }

    /// <summary>The running boot's split of its ops (caller holds the lock).</summary>
    private void EndBoot(long opsNow, out long atRisk, out long after, out long rootExposure)
    {
        long ops = Math.Max(0, opsNow - _bootStartOps);
        long toCrash = _crashed ? Math.Min(ops, _crashOps - _bootStartOps) : ops;
        atRisk = toCrash;
        after = ops - toCrash;
        rootExposure = _firstRootCauseOps is long r ? Math.Min(toCrash, r - _bootStartOps) : toCrash;
    }
}

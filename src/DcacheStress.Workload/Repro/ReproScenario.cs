// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;

namespace DcacheStress.Workload.Repro;

/// <summary>
/// A known race replayed deterministically through the race-window schedule. Every patch runs the
/// same schedule; which path its code takes decides the outcome, nothing else.
/// </summary>
public abstract class ReproScenario
{
    /// <summary>Stable name (CLI).</summary>
    public abstract string Name { get; }

    /// <summary>One line: what interleaving this forces.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The filesystem whose client code the race is in; the repro runs against that filesystem's
    /// patches only. NFS, the seed's, unless a repro says otherwise.
    /// </summary>
    public virtual file_system_type Filesystem => Fs.Nfs.nfs_fs_type.Instance;

    /// <summary>True when <paramref name="patch"/> is a patch to this repro's filesystem.</summary>
    public bool AppliesTo(Patch patch) => ReferenceEquals(patch.Filesystem, Filesystem);

    /// <summary>Broken patches must hit, fixed ones must stay clean.</summary>
    public virtual bool ExpectHit(Patch patch) => !patch.ExpectedClean;

    /// <summary>Build the world: threads and schedule.</summary>
    protected abstract void Arrange(ReproWorld world);

    /// <summary>
    /// Run against <paramref name="patch"/>. <paramref name="detection"/> false switches the invariant
    /// sites off (<see cref="Kernel.Bug.Enabled"/>): the tests use it to prove that a repro's verdict
    /// comes from detection, not from the schedule.
    /// </summary>
    public ReproOutcome Run(Patch patch, bool detection = true)
    {
        if (!AppliesTo(patch))
            throw new ArgumentException($"repro {Name} is a {Filesystem.name} race; patch {patch.Name} is a {patch.Filesystem.name} patch", nameof(patch));
        using var world = new ReproWorld(patch);
        world.Dcache.bug.Enabled = detection;
        Arrange(world);
        bool completed = world.Run(TimeSpan.FromSeconds(20));
        world.Dcache.race.SetSchedule(null);
        var fsck = world.Dcache.fsck(quiescent: completed);
        var trail = world.Trail();
        trail.Add(fsck.ToString());
        var hits = world.Dcache.bug.HitsByName();
        return new ReproOutcome(Name, patch.Name, hits.Count > 0, ExpectHit(patch), trail, hits, completed, fsck.Clean);
    }
}

// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Fs.Patches;
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Tests.Crash;

/// <summary>
/// A test-only patch: 4.7's <c>nfs_atomic_open</c>, except that its first call in the first dcache
/// it meets, once armed, runs <c>d_rehash</c>'s body on the parent dentry (hashed: checked under
/// its <c>d_lock</c>, held throughout) <see cref="Repeats"/> times: the
/// kernel's <c>BUG_ON(!d_unhashed(entry))</c> in <c>__d_rehash</c> fires each time (the port's safe
/// way out refuses the rehash, so the structures stay intact). It also counts calls that reach
/// that first dcache after the test marked it retired (a reboot must leave none).
/// </summary>
internal sealed class CrashOncePatch : NfsPatch
{
    private readonly V47Patch _inner = new();
    private Dcache? _first;
    private int _fired;
    private int _callsAfterRetired;
    private volatile bool _retired;
    private volatile bool _armed;

    /// <summary>How many d_rehash BUGs the first call makes (1 crash, then hits after the crash).</summary>
    public int Repeats { get; init; } = 3;

    public override string Name => "test-crash-once";
    public override string Description => "test only: one kernel BUG in the first boot, then 4.7";
    public override string Source => "tests";
    public override bool ExpectedClean => false;

    /// <summary>The first dcache it was called in.</summary>
    public Dcache? First => Volatile.Read(ref _first);

    /// <summary>Calls into <see cref="First"/> after <see cref="Retire"/>.</summary>
    public int CallsAfterRetired => Volatile.Read(ref _callsAfterRetired);

    /// <summary>Let the BUG fire (the namespace set-up before the run also opens with O_CREAT).</summary>
    public void Arm() => _armed = true;

    /// <summary>From now on, a call in <see cref="First"/> is counted as a call into a retired instance.</summary>
    public void Retire() => _retired = true;

    public override int nfs_atomic_open(inode dir, dentry dentry, filp file, uint open_flags, uint mode, ref int opened)
    {
        Dcache dc = dir.i_sb.s_dcache;
        Interlocked.CompareExchange(ref _first, dc, null);
        if (ReferenceEquals(dc, _first))
        {
            if (_retired)
                Interlocked.Increment(ref _callsAfterRetired);
            else if (_armed && Interlocked.CompareExchange(ref _fired, 1, 0) == 0)
            {
                // d_rehash's own steps with d_lock held across all of them: the parent stays
                // hashed (__d_drop needs d_lock), so every call hits and none hashes anything.
                dentry parent = dentry.d_parent;
                parent.d_lock.spin_lock();
                if (Dcache.d_unhashed(parent))
                    Volatile.Write(ref _fired, 0); // invalidated meanwhile: try on a later call
                else
                {
                    for (int i = 0; i < Repeats; i++)
                        dc._d_rehash(parent);
                }
                parent.d_lock.spin_unlock();
            }
        }
        return _inner.nfs_atomic_open(dir, dentry, file, open_flags, mode, ref opened);
    }
}

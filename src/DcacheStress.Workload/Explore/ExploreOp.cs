// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Explore;

/// <summary>
/// One operation of a generated program: <see cref="Op"/> through mount <see cref="Mount"/> on
/// name <see cref="Name"/> of the race directory (rename: to <see cref="Name2"/>). A readdir with
/// <see cref="Entry"/> lists the name itself (the opendir `ls -R` does of an entry readdir showed:
/// <c>O_DIRECTORY</c> without <c>O_CREAT</c>); without, it lists the race directory.
/// </summary>
public sealed record ExploreOp(OpKind Op, int Mount, int Name, int Name2 = 0, bool Entry = false)
{
    /// <summary>"open mnt1:/racer/f0".</summary>
    public string Describe() => Op switch
    {
        OpKind.Rename => $"rename mnt{Mount + 1}:{ExploreWorld.PathOf(Name)} -> {ExploreWorld.PathOf(Name2)}",
        OpKind.Readdir => $"ls mnt{Mount + 1}:{(Entry ? ExploreWorld.PathOf(Name) : ExploreWorld.Dir)}",
        _ => $"{OpNames.Name(Op)} mnt{Mount + 1}:{ExploreWorld.PathOf(Name)}",
    };
}

// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Workload.Tests.Options;

public sealed class OpMixTests
{
    [Fact]
    public void For_OpenStorm_SharesAreTheSeedReproducersMix()
    {
        OpMix mix = OpMix.For(WorkloadKind.OpenStorm);

        Assert.Equal(0.55, mix.Share(OpKind.Open), 9);
        Assert.Equal(0.10, mix.Share(OpKind.Readdir), 9);
        Assert.Equal(0.10, mix.Share(OpKind.OpenCreat), 9);
        Assert.Equal(0.15, mix.Share(OpKind.Unlink), 9);
        Assert.Equal(0.10, mix.Share(OpKind.Stat), 9);
        Assert.Equal(0, mix.Share(OpKind.Rename));
        Assert.Equal(0, mix.Share(OpKind.Lookup));
    }

    [Fact]
    public void For_Racer_LustresScriptsAndSharesSumToOne()
    {
        OpMix mix = OpMix.For(WorkloadKind.Racer);

        Assert.All(new[] { OpKind.OpenCreat, OpKind.Stat, OpKind.Rename, OpKind.DirCreate, OpKind.RmRf, OpKind.Link,
                OpKind.Symlink, OpKind.ListR, OpKind.Concat, OpKind.Exec, OpKind.Setattr, OpKind.Mknod, OpKind.Truncate },
            op => Assert.True(mix.Share(op) > 0, $"racer never does {op}"));
        Assert.Equal(0, mix.Share(OpKind.Lookup));
        Assert.Equal(1.0, Enum.GetValues<OpKind>().Sum(mix.Share), 9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.01)]
    [InlineData(1.0)]
    public void For_LookupHot_ChurnIsTheWriterShare(double churn)
    {
        OpMix mix = OpMix.For(WorkloadKind.LookupHot, churn);

        Assert.Equal(1 - churn, mix.Share(OpKind.Lookup), 3);
        double writers = mix.Share(OpKind.OpenCreat) + mix.Share(OpKind.Unlink) + mix.Share(OpKind.Rename);
        Assert.Equal(churn, writers, 3);
        Assert.Equal(0, mix.Share(OpKind.Open));
        Assert.Equal(1.0, Enum.GetValues<OpKind>().Sum(mix.Share), 9);
    }

    [Fact]
    public void Pick_ConsecutiveDraws_FollowTheWeightsExactly()
    {
        var mix = new OpMix((OpKind.Open, 3), (OpKind.Stat, 1), (OpKind.Unlink, 0));

        var picks = Enumerable.Range(0, 400).Select(i => mix.Pick((ulong)i)).ToList();

        Assert.Equal(300, picks.Count(p => p == OpKind.Open));
        Assert.Equal(100, picks.Count(p => p == OpKind.Stat));
        Assert.DoesNotContain(OpKind.Unlink, picks);
        Assert.Equal(0.75, mix.Share(OpKind.Open));
        Assert.Equal(mix.Pick(7), mix.Pick(7 + 4 * 1_000_003UL));
    }

    [Fact]
    public void Constructor_NegativeOrNoWeights_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpMix((OpKind.Open, -1)));
        Assert.Throws<ArgumentException>(() => new OpMix());
        Assert.Throws<ArgumentException>(() => new OpMix((OpKind.Open, 0)));
    }
}

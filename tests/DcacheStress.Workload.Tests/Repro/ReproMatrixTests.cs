// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs;
using DcacheStress.Workload.Repro;
using DcacheStress.Workload.Tests.Support;

namespace DcacheStress.Workload.Tests.Repro;

/// <summary>
/// Every deterministic repro against every catalogued patch: the broken patches must hit, the fixed
/// ones must stay clean, every thread must finish and fsck must find no structural damage.
/// </summary>
public sealed class ReproMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> EveryReproTimesEveryPatch()
    {
        var data = new TheoryData<string, string>();
        foreach (ReproScenario r in ReproCatalog.All)
        {
            foreach (Fs.Patch p in PatchCatalog.All.Where(r.AppliesTo))
                data.Add(r.Name, p.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryReproTimesEveryPatch))]
    public void Run_ReproAgainstPatch_OutcomeMatchesWhatThePatchShouldDo(string repro, string patch)
    {
        // The seed races break exactly the patches not known to fix them; the residual race of
        // 4.7 (exact-alias-rehash) breaks every patch whose open path still calls d_exact_alias.
        Fs.Patch p = Runs.Patch(patch);
        bool broken = repro switch
        {
            "exact-alias-rehash" => p.nfs4_open_tries_d_exact_alias,
            // Lustre I1: only the code without 99f1c01319's check in ll_atomic_open (LU-8371's
            // !d_unhashed refuses a hashed shared dentry too).
            "lustre-two-openers" => patch is "lustre-v4.7" or "lustre-viro-2016-07-05",
            // lustre-rehash-dmove (I2 through __d_move's gap): 4.7's own llite by the gap, Viro's
            // 1/3 by I1 and the other mount's renames; 99f1c01319 and LU-8371 refuse the hashed N.
            "lustre-rehash-dmove" => patch is "lustre-v4.7" or "lustre-viro-2016-07-05",
            // lustre-rehash: I2's unhash cannot fall inside the shared openers' window under 4.7
            // (the create's LOOKUP_REVAL retry takes the exclusive i_rwsem); Viro's 1/3 dies on
            // the other mount's unlink, as in lustre-unlink-uncached.
            "lustre-unlink-uncached" or "lustre-rehash" => patch == "lustre-viro-2016-07-05",
            "lustre-parallel-lookups" or "lustre-in-lookup-recheck" => false,
            _ => !p.ExpectedClean,
        };

        ReproOutcome outcome = Runs.RunRepro(repro, patch, output);

        Assert.True(outcome.Completed, "threads did not finish: " + outcome.Verdict);
        Assert.True(outcome.FsckClean, "fsck found structural errors: " + outcome.Verdict);
        Assert.Equal(broken, outcome.ExpectedHit);
        Assert.True(outcome.Hit == broken, outcome.Verdict);
        Assert.Equal(outcome.Hit, outcome.Hits.Count > 0);
        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.EndsWith("OK", outcome.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_LustreRehashOnLu8371_RetryInvalidatesTheSharedNegativeOnlyAfterBothOpenersLeft()
    {
        // I2 (LU-16851) needs C's LOOKUP_REVAL retry to d_invalidate N between B1's and B2's
        // revalidation and their !d_unhashed test. Under 4.7 it comes after both: the retry is an
        // O_CREAT lookup, taken under the exclusive i_rwsem that the shared openers hold.
        ReproOutcome outcome = Runs.RunRepro("lustre-rehash", "lustre-release-lu8371", output);

        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.False(outcome.Hit, outcome.Verdict);
        int Index(string what, string also = "")
        {
            for (int i = 0; i < outcome.Trail.Count; i++)
            {
                if (outcome.Trail[i].Contains(what, StringComparison.Ordinal) && outcome.Trail[i].Contains(also, StringComparison.Ordinal))
                    return i;
            }
            return -1;
        }
        int retry = Index("C revalidate", "flags 0x321"); // LOOKUP_REVAL|LOOKUP_CREATE|LOOKUP_OPEN|LOOKUP_FOLLOW
        int invalidate = Index("C d_invalidate");
        int b1 = Index("B1 atomic_open_exit"), b2 = Index("B2 atomic_open_exit");
        Assert.True(retry >= 0 && invalidate > retry, "no LOOKUP_REVAL retry that invalidates N:\n" + string.Join('\n', outcome.Trail));
        Assert.True(b1 >= 0 && b2 >= 0 && invalidate > b1 && invalidate > b2, "C invalidated N while an opener held it:\n" + string.Join('\n', outcome.Trail));
        Assert.Contains(outcome.Trail, l => l.Contains("B1: open returned ENOENT", StringComparison.Ordinal));
        Assert.Contains(outcome.Trail, l => l.Contains("B2: open returned ENOENT", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_LustreRehashDmoveOnV47_OpenerReadsTheMovedAliasUnhashedAndSplicesItself()
    {
        // The reference's I2: C's ll_splice_alias d_move()s the invalid alias N; B's lockless
        // d_unhashed(N) in ll_lookup_it_finish reads the instant between __d_move's __d_drop and
        // __d_rehash, so B splices N: LASSERT(alias != dentry), then d_add's __d_rehash BUG_ON.
        ReproOutcome outcome = Runs.RunRepro("lustre-rehash-dmove", "lustre-v4.7", output);

        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.True(outcome.Hits.ContainsKey("ll_find_alias.self"), outcome.Verdict);
        Assert.True(outcome.Hits.ContainsKey("d_rehash.hashed"), outcome.Verdict);
        Assert.False(outcome.Hits.ContainsKey("ll_lookup_it_finish.positive"), "B read N hashed (I1), not the gap: " + outcome.Verdict);
        int Index(string what)
        {
            for (int i = 0; i < outcome.Trail.Count; i++)
            {
                if (outcome.Trail[i].Contains(what, StringComparison.Ordinal))
                    return i;
            }
            return -1;
        }
        // The schedule's own log is in order: C stopped between __d_move's drop and rehash, B went
        // to ll_find_alias (after its d_unhashed test), and only then C went on to rehash N.
        int gap = Index("C waits at __d_move:after_drop for B");
        int splice = Index("B reached ll_find_alias:enter");
        int rehash = Index("C released: B reached ll_find_alias:enter");
        Assert.True(gap >= 0 && splice > gap && rehash > splice, "B did not splice N inside C's d_move:\n" + string.Join('\n', outcome.Trail));
    }

    [Fact]
    public void Run_LustreRehashDmoveOnLu8371_OpenersRefuseTheHashedNegativeSoNoMoveEverPicksIt()
    {
        // With !d_unhashed in ll_atomic_open nothing makes the shared negative N an alias under
        // the shared i_rwsem: A and B return -ENOENT before any RPC, and there is no d_move to read.
        ReproOutcome outcome = Runs.RunRepro("lustre-rehash-dmove", "lustre-release-lu8371", output);

        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.False(outcome.Hit, outcome.Verdict);
        Assert.Contains(outcome.Trail, l => l.Contains("A: open returned ENOENT", StringComparison.Ordinal));
        Assert.Contains(outcome.Trail, l => l.Contains("B: open returned ENOENT", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Trail, l => l.Contains("reached __d_move:after_drop", StringComparison.Ordinal));
    }

    [Fact]
    public void Catalog_HasBothSeedRacesWithUniqueNames()
    {
        var names = ReproCatalog.All.Select(r => r.Name).ToList();

        Assert.Contains("rc6-two-openers", names);
        Assert.Contains("viro-three-openers", names);
        Assert.Contains("viro-ls-opendir", names);
        Assert.Contains("exact-alias-rehash", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ReproCatalog.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.False(ReproCatalog.TryGet("no-such-repro", out _));
    }

    [Fact]
    public void Run_Rc6TwoOpenersOnRc6_HitsTheRehashBugOn()
    {
        ReproOutcome outcome = Runs.RunRepro("rc6-two-openers", "v4.7-rc6", output);

        Assert.True(outcome.Hits.ContainsKey("d_rehash.hashed"), outcome.Verdict);
        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.Contains(outcome.Trail, l => l.Contains("INVARIANT d_rehash.hashed", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ViroThreeOpenersOnViroPatch_HitsTheSpliceAliasBugOn()
    {
        ReproOutcome outcome = Runs.RunRepro("viro-three-openers", "viro-2016-07-03", output);

        Assert.True(outcome.Hits.ContainsKey("d_splice_alias.hashed"), outcome.Verdict);
        Assert.True(outcome.Matches, outcome.Verdict);
        Assert.Contains(outcome.Trail, l => l.Contains("INVARIANT d_splice_alias.hashed", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ViroLsOpendirOnViroPatch_AnLsThreadHitsTheRehashBugAfterTheSwitchUnhashedN()
    {
        ReproOutcome outcome = Runs.RunRepro("viro-ls-opendir", "viro-2016-07-03", output);

        Assert.True(outcome.Hits.ContainsKey("d_rehash.hashed"), outcome.Verdict);
        Assert.True(outcome.Matches, outcome.Verdict);
        // C's switch (d_drop of the shared N) comes first; then both ls threads go no_open → LOOKUP
        // → d_splice_alias on N, and the second to hash it is an ls thread (L1).
        var trail = outcome.Trail.ToList();
        int sw = trail.FindIndex(l => l.Contains(" C atomic_open_switch ", StringComparison.Ordinal));
        Assert.True(sw >= 0, string.Join(Environment.NewLine, trail));
        // The ls threads' LOOKUPs of N after the switch (their path walk may already have looked the
        // name up once before O created N, when the start state's dentry failed revalidation).
        int rpc1 = trail.FindIndex(sw + 1, l => l.Contains(" L1 lookup_rpc ", StringComparison.Ordinal));
        int rpc2 = trail.FindIndex(sw + 1, l => l.Contains(" L2 lookup_rpc ", StringComparison.Ordinal));
        int bug = trail.FindIndex(l => l.Contains(" L1 invariant_hit ", StringComparison.Ordinal) && l.Contains("INVARIANT d_rehash.hashed", StringComparison.Ordinal));
        Assert.True(rpc1 > sw && rpc2 > sw && bug > rpc1, string.Join(Environment.NewLine, trail));
    }

    [Fact]
    public void Run_ViroLsOpendirOnV47_LsThreadsTrustTheCachedNegativeAndNeverLookItUp()
    {
        ReproOutcome outcome = Runs.RunRepro("viro-ls-opendir", "v4.7", output);

        Assert.False(outcome.Hit, outcome.Verdict);
        Assert.True(outcome.Matches, outcome.Verdict);
        // No LOOKUP of the negative O's open left behind (a path walk may have looked the
        // start-state dentry up before, as in the Viro-patch run above; with no such line in the
        // trail the whole trail is checked).
        var trail = outcome.Trail.ToList();
        int made = trail.FindIndex(l => l.Contains(" O atomic_open_exit ", StringComparison.Ordinal));
        Assert.DoesNotContain(trail.Skip(made + 1), l => l.Contains(" L1 lookup_rpc ", StringComparison.Ordinal) || l.Contains(" L2 lookup_rpc ", StringComparison.Ordinal));
        Assert.Contains("L1: open returned ENOENT", outcome.Trail);
        Assert.Contains("L2: open returned ENOENT", outcome.Trail);
    }

    [Fact]
    public void Run_ExactAliasRehashOnV47_HashesASecondDentryForTheName()
    {
        ReproOutcome outcome = Runs.RunRepro("exact-alias-rehash", "v4.7", output);

        Assert.Equal(["hash.duplicate_name"], outcome.Hits.Keys);
        Assert.True(outcome.Matches, outcome.Verdict);
        // The order that makes it: Y's d_exact_alias rehash after X's miss, X's new in-lookup dentry after Y's ended.
        var trail = outcome.Trail.ToList();
        int rehash = trail.FindIndex(l => l.Contains(" Y d_exact_alias ", StringComparison.Ordinal));
        int xNew = trail.FindIndex(l => l.Contains(" X d_alloc_parallel_new ", StringComparison.Ordinal));
        int hit = trail.FindIndex(l => l.Contains(" X invariant_hit ", StringComparison.Ordinal));
        Assert.True(rehash >= 0 && xNew > rehash && hit > xNew, string.Join(Environment.NewLine, outcome.Trail));
        Assert.Contains(outcome.Trail, l => l.StartsWith("fsck: clean", StringComparison.Ordinal) && l.Contains("1 duplicate names", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ExactAliasRehashWithoutDExactAlias_XGetsYsDentry()
    {
        ReproOutcome outcome = Runs.RunRepro("exact-alias-rehash", "v4.7-no-exact-alias", output);

        Assert.False(outcome.Hit, outcome.Verdict);
        Assert.True(outcome.Completed, outcome.Verdict);
        // X was held where 4.7 misses the rehash; here Y's __d_add moved i_dir_seq and X found Y's dentry hashed.
        Assert.Contains(outcome.Trail, l => l.Contains(" X d_alloc_parallel_hashed ", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Trail, l => l.Contains(" X d_alloc_parallel_new ", StringComparison.Ordinal));
        Assert.Contains(outcome.Trail, l => l.StartsWith("fsck: clean", StringComparison.Ordinal) && l.Contains("0 duplicate names", StringComparison.Ordinal));
    }
}

// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Reports.Model;

/// <summary>
/// One patch's race-window delays and the hits they preceded (report.json <c>race_windows</c> of a
/// patch; null with windows off and in reports written before it). A delay precedes a hit when it
/// was taken after the hitting thread's last <c>op_begin</c>, by that thread or by any worker.
/// After-crash hits are not credited.
/// </summary>
public sealed class RaceWindowResult
{
    /// <summary><c>uniform</c> or <c>feedback</c> (<c>--window-policy</c>).</summary>
    public string Policy { get; init; } = "uniform";

    /// <summary>Hits credited (crashes, root-cause and port-check hits; each once).</summary>
    public long AttributedHits { get; init; }

    /// <summary>Crashes among <see cref="AttributedHits"/>.</summary>
    public long AttributedCrashes { get; init; }

    /// <summary>Every site, in <c>RaceSite</c> order.</summary>
    public IReadOnlyList<RaceWindowSiteResult> Sites { get; init; } = [];
}

/// <summary>One site's row of <see cref="RaceWindowResult"/>.</summary>
public sealed class RaceWindowSiteResult
{
    /// <summary>Stable site name (<c>d_alloc_parallel:before_in_lookup_insert</c>).</summary>
    public required string Site { get; init; }

    /// <summary>Delay probability at the end of the run (the policy's, or where feedback left it).</summary>
    public double Probability { get; init; }

    /// <summary>Delays taken.</summary>
    public long Delays { get; init; }

    /// <summary>Seconds spent delaying (all workers together).</summary>
    public double DelaySeconds { get; init; }

    /// <summary>Hits preceded by a delay of the hitting thread itself.</summary>
    public long HitsPrecededOwn { get; init; }

    /// <summary>Hits preceded by a delay of any worker.</summary>
    public long HitsPreceded { get; init; }

    /// <summary>Crashes preceded by a delay of any worker.</summary>
    public long CrashesPreceded { get; init; }

    /// <summary><see cref="HitsPreceded"/> per 10^6 <see cref="Delays"/> (0 without delays).</summary>
    public double HitsPerMillionDelays { get; init; }
}

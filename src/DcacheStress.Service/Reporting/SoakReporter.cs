// SPDX-License-Identifier: GPL-2.0-only
using System.Globalization;
using DcacheStress.Service.Hosting;
using DcacheStress.Service.Terminal;

namespace DcacheStress.Service.Reporting;

/// <summary><c>--soak</c> as a run observer: one line per <see cref="SoakMonitor"/> sample, the final sample at the end.</summary>
public sealed class SoakReporter : IRunObserver
{
    private readonly RunConsole _console;

    /// <summary>Report <paramref name="monitor"/>'s samples on <paramref name="console"/>.</summary>
    public SoakReporter(SoakMonitor monitor, RunConsole console)
    {
        Monitor = monitor;
        _console = console;
    }

    /// <summary>The samples and the verdict.</summary>
    public SoakMonitor Monitor { get; }

    /// <inheritdoc/>
    public void Tick()
    {
        if (Monitor.Tick() is not { } s)
            return;
        _console.Line(string.Create(CultureInfo.InvariantCulture,
            $"soak {Numbers.Seconds(s.Seconds)}: RSS {Numbers.Si(s.RssBytes)}B, GC heap {Numbers.Si(s.GcHeapBytes)}B, gen2 {s.Gen2Collections}, {s.Threads} threads, {Numbers.Grouped(s.Dentries)} dentries, {Numbers.Si(s.OpsPerSecond)} ops/s"));
    }

    /// <inheritdoc/>
    public void Final(RunEnd end) => Monitor.Final();
}

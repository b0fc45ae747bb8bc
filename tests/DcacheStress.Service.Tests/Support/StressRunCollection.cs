// SPDX-License-Identifier: GPL-2.0-only
namespace DcacheStress.Service.Tests.Support;

/// <summary>
/// Tests that run the engine (in-process or as a process) take every core: they run one at a
/// time, never beside each other. In-process runs must not overlap anyway: an OpenTelemetry
/// meter provider listens to every meter of its name in the process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressRunCollection
{
    public const string Name = "stress runs";
}

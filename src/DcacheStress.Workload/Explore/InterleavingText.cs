// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Kernel;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// An execution's trace in kernel terms: one line per stretch a task ran without losing the CPU,
/// with the kernel functions it went through, the race-window sites it passed and the point where
/// it lost the CPU (a preemption, or a wait).
/// </summary>
public static class InterleavingText
{
    /// <summary>Lines for <paramref name="trace"/> of <paramref name="program"/> (its tasks only).</summary>
    public static List<string> Lines(ExploreProgram program, IReadOnlyList<ScheduleStep> trace) => Lines(program.TaskNames, trace);

    /// <summary>Lines for the trace of <paramref name="result"/>, its kernel threads named too.</summary>
    public static List<string> Lines(ExecutionResult result) => Lines(result.Names, result.Trace ?? []);

    /// <summary>Lines for <paramref name="trace"/> of tasks named <paramref name="names"/>.</summary>
    public static List<string> Lines(IReadOnlyList<string> names, IReadOnlyList<ScheduleStep> trace)
    {
        var lines = new List<string>();
        int i = 0, segment = 0;
        while (i < trace.Count)
        {
            int task = trace[i].Task;
            int start = i;
            while (i < trace.Count && trace[i].Task == task)
                i++;
            var functions = new List<string>();
            foreach (var s in trace.Skip(start).Take(i - start))
            {
                string f = s.Point == SchedPoint.race_window ? $"[{RaceSites.Name((RaceSite)s.Arg)}]" : s.Function ?? "?";
                if (functions.Count == 0 || functions[^1] != f)
                    functions.Add(f);
            }
            var last = trace[i - 1];
            string end = i == trace.Count ? "ends" : last.Blocked ? $"waits at {last.Describe()}" : $"preempted at {last.Describe()}";
            segment++;
            lines.Add($"{segment,3}. {names[task]} ({i - start} points): {string.Join(" > ", Compact(functions))}; {end}");
        }
        return lines;
    }

    // Long stretches keep their first and last functions and every race-window site.
    private static IEnumerable<string> Compact(List<string> functions)
    {
        if (functions.Count <= 12)
            return functions;
        var kept = new List<string>();
        for (int i = 0; i < functions.Count; i++)
        {
            bool edge = i < 4 || i >= functions.Count - 4;
            if (edge || functions[i].StartsWith('['))
                kept.Add(functions[i]);
            else if (kept.Count == 0 || kept[^1] != "...")
                kept.Add("...");
        }
        return kept;
    }
}

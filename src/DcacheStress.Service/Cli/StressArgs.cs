// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Service.Configuration;

namespace DcacheStress.Service.Cli;

/// <summary>
/// The <c>stress</c> command line: <c>--option value</c>, <c>--option=value</c>, and switches
/// (<c>--pin</c>, <c>--pin=false</c>). Values land under their configuration keys, so that the
/// command line overrides appsettings.json and the environment key by key.
/// </summary>
public sealed class StressArgs
{
    /// <summary>Configuration key → value.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems, one line each.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>--help was asked for.</summary>
    public bool Help { get; private set; }

    /// <summary>Parse <paramref name="args"/> (without the mode).</summary>
    public static StressArgs Parse(IReadOnlyList<string> args)
    {
        var r = new StressArgs();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "--help" or "-h" or "-?")
            {
                r.Help = true;
                continue;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                r.Errors.Add($"stress: unexpected argument '{a}' (options start with --; see stress --help)");
                continue;
            }
            string name = a;
            string? value = null;
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = a[..eq];
                value = a[(eq + 1)..];
            }
            StressOptionInfo? o = StressOptionCatalog.FindCli(name);
            if (o is null)
            {
                r.Errors.Add($"{name}: unknown option (allowed: {string.Join(", ", StressOptionCatalog.All.Select(x => x.Cli))}, --help)");
                continue;
            }
            if (value is null)
            {
                if (o.IsFlag)
                {
                    value = "true";
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    r.Errors.Add($"{name}: needs a value ({o.Value}; default {o.Default})");
                    continue;
                }
            }
            if (o.Repeatable && r.Values.TryGetValue(o.Key, out string? earlier))
            {
                r.Values[o.Key] = earlier + "," + value;
                continue;
            }
            if (r.Values.ContainsKey(o.Key))
            {
                r.Errors.Add($"{name}: given twice");
                continue;
            }
            r.Values[o.Key] = value;
        }
        return r;
    }
}

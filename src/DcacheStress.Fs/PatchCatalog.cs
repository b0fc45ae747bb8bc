// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Fs.Lustre.Patches;
using DcacheStress.Fs.Patches;

namespace DcacheStress.Fs;

/// <summary>
/// The catalogue of patches users can select, of every filesystem (each patch names its own:
/// <see cref="Patch.Filesystem"/>). Adding a patch means adding its class and one line here; adding
/// a filesystem means its folder and its patches' lines.
/// </summary>
public static class PatchCatalog
{
    private static readonly Func<Patch>[] s_factories =
    [
        () => new V47Rc6Patch(),
        () => new Viro20160703Patch(),
        () => new V47Patch(),
        () => new RevalidateZeroPatch(),
        () => new V47Rc3BrainoPatch(),
        () => new V47NoExactAliasPatch(),
        () => new LustreV47Patch(),
        () => new LustreViro20160705Patch(),
        () => new Lustre99f1c01319Patch(),
        () => new LustreReleaseLu8371Patch(),
        () => new LustreTrustCreatesPatch(),
        () => new LustreDcompareInLookupPatch(),
    ];

    /// <summary>Fresh instances of every catalogued patch, in catalogue order.</summary>
    public static IReadOnlyList<Patch> All => [.. s_factories.Select(f => f())];

    /// <summary>Names in catalogue order.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(p => p.Name)];

    /// <summary>A fresh instance by name; false when unknown.</summary>
    public static bool TryCreate(string name, out Patch patch)
    {
        foreach (var f in s_factories)
        {
            var p = f();
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                patch = p;
                return true;
            }
        }
        patch = null!;
        return false;
    }
}

// SPDX-License-Identifier: GPL-2.0-only
using System.Text.RegularExpressions;
using DcacheStress.Fs.Tests.Support;

namespace DcacheStress.Fs.Tests.Patches;

/// <summary>
/// design.md's honesty rule: nothing outside a patch's own class tests which patch is running. Only
/// <c>src/DcacheStress.Fs/Patches/</c> and <c>PatchCatalog.cs</c> may name a patch in code. Comments
/// may name patches (they document the history), and so may the one-line <c>Description</c> text of
/// a repro (it is prose shown to users, never compared against anything).
/// </summary>
public sealed partial class PatchNameIsolationTests(ITestOutputHelper output)
{
    /// <summary>Searched as they are (none can be part of an identifier).</summary>
    private static readonly string[] s_bareNames = ["v4.7-rc6", "viro-2016-07-03", "revalidate-zero", "v4.7-rc3-braino"];

    /// <summary>"v4.7" is in every ported file's header and in prose; only the quoted literal is a patch name.</summary>
    private static IEnumerable<string> Needles() =>
        s_bareNames.Concat(PatchCatalog.Names.Select(n => $"\"{n}\"")).Append("\"v4.7\"").Distinct(StringComparer.Ordinal);

    [GeneratedRegex("""\bDescription\s*=>\s*[@$]*"(?:[^"\\\n]|\\.)*"\s*;""")]
    private static partial Regex DescriptionLiteral();

    /// <summary>The mentions of patch names in the code (not the comments) of one C# source text.</summary>
    private static List<string> Mentions(string text)
    {
        string code = DescriptionLiteral().Replace(CSharpText.StripComments(text), "Description => \"\";");
        var found = new List<string>();
        string[] lines = code.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            foreach (var needle in Needles())
            {
                if (lines[i].Contains(needle, StringComparison.Ordinal))
                    found.Add($"line {i + 1}: {needle}: {lines[i].Trim()}");
            }
        }
        return found;
    }

    private static bool MayNamePatches(string relative) =>
        (relative.StartsWith("src/DcacheStress.Fs/", StringComparison.Ordinal) && relative.Contains("/Patches/", StringComparison.Ordinal))
        || relative == "src/DcacheStress.Fs/PatchCatalog.cs";

    [Fact]
    public void Sources_OutsidePatchesAndCatalogue_NeverNameAPatchInCode()
    {
        string root = RepoRoot.Find();
        string src = Path.Combine(root, "src");
        var offenders = new List<string>();
        int scanned = 0;

        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                continue;
            scanned++;
            if (MayNamePatches(relative))
                continue;
            offenders.AddRange(Mentions(File.ReadAllText(file)).Select(m => $"{relative} {m}"));
        }

        output.WriteLine($"scanned {scanned} source files under {src}");
        Assert.True(scanned > 50, $"only {scanned} source files found under {src}: wrong root?");
        Assert.True(offenders.Count == 0, "patch names outside the patch classes:" + Environment.NewLine + string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void Sources_PatchClasses_DoNameTheirPatches()
    {
        // src/DcacheStress.Fs/Patches (NFS) and each other filesystem's <Fs>/Patches folder
        string fs = Path.Combine(RepoRoot.Find(), "src", "DcacheStress.Fs");
        string all = string.Concat(Directory.EnumerateFiles(fs, "*.cs", SearchOption.AllDirectories)
            .Where(f => f.Replace('\\', '/').Contains("/Patches/", StringComparison.Ordinal)).Select(File.ReadAllText));

        // the scan looks at the right files: every catalogued name is there, as a literal
        Assert.All(PatchCatalog.Names, n => Assert.Contains($"\"{n}\"", all, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("if (patch.Name == \"v4.7-rc6\") return;")]
    [InlineData("bool fixedOne = name is \"v4.7\";")]
    [InlineData("var s = $\"{x}revalidate-zero\"; // comment")]
    [InlineData("/* */ string u = \"http://x\"; var p = \"viro-2016-07-03\";")]
    [InlineData("string Title => \"v4.7-rc3-braino\";")]
    public void Mentions_CodeNamingAPatch_IsFound(string code)
    {
        Assert.NotEmpty(Mentions(code));
    }

    [Theory]
    [InlineData("// v4.7-rc6 did it differently")]
    [InlineData("/// <summary>Stable name (\"v4.7-rc6\").</summary>")]
    [InlineData("int a; /* viro-2016-07-03\n revalidate-zero */ int b;")]
    [InlineData("public override string Description =>\n    \"v4.7-rc6 two-thread race\";")]
    [InlineData("// ported from fs/dcache.c, Linux v4.7")]
    [InlineData("string s = \"// not a comment\"; // \"v4.7\"")]
    public void Mentions_CommentsAndDescriptions_AreNotFound(string code)
    {
        Assert.Empty(Mentions(code));
    }
}

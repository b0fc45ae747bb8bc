// SPDX-License-Identifier: GPL-2.0-only
using DcacheStress.Reports.Markdown;

namespace DcacheStress.Reports.Tests;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("d_splice_alias.hashed", "d_splice_alias.hashed")]
    [InlineData("_private_", "\\_private\\_")]
    [InlineData("a|b", "a\\|b")]
    [InlineData("[click](http://x)", "\\[click\\](http://x)")]
    [InlineData("0 [0, 3.69]", "0 [0, 3.69]")]
    [InlineData("<b>*x*</b>", "\\<b>\\*x\\*\\</b>")]
    [InlineData("# title", "\\# title")]
    [InlineData("two\nlines", "two lines")]
    public void Escape_Text_NeutralisesMarkdownSyntaxOnly(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Escape(text));
    }

    [Fact]
    public void FenceFor_ContentWithBackticks_IsLongerThanLongestRun()
    {
        Assert.Equal("````", MarkdownText.FenceFor("a ``` b"));
        Assert.Equal("```", MarkdownText.FenceFor("plain"));
    }
}

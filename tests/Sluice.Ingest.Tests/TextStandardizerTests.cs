using System.Globalization;
using System.Text;
using Sluice.Ingest.Text;
using Sluice.Testing;

namespace Sluice.Ingest.Tests;

public sealed class TextStandardizerTests
{
    private static string Standardize(string raw, StandardizationTally? tally = null, int maxSpaceRun = 8, int maxBlankLines = 1) =>
        new TextStandardizer(maxSpaceRun, maxBlankLines).Standardize(raw, tally ?? new StandardizationTally());

    [Fact]
    public void Windows_and_old_mac_newlines_become_line_feeds()
    {
        var tally = new StandardizationTally();
        Assert.Equal("one\ntwo\nthree\nfour", Standardize("one\r\ntwo\rthree\u2028four", tally));
        Assert.Equal(3, tally.NewlinesNormalized);
    }

    [Fact]
    public void Control_characters_are_removed_but_tabs_and_newlines_kept()
    {
        var tally = new StandardizationTally();
        Assert.Equal("bell\there\nnext", Standardize("be\u0007ll\there\u0000\nne\u001Bxt\u007F\u009B\uFEFF", tally));
        Assert.Equal(6, tally.ControlCharsRemoved);
    }

    [Fact]
    public void Decomposed_accents_are_composed_to_nfc()
    {
        var tally = new StandardizationTally();
        var text = Standardize("Cafe\u0301 au lait, n\u0303", tally);
        Assert.Equal("Café au lait, ñ", text);
        Assert.True(text.IsNormalized(NormalizationForm.FormC));
        Assert.Equal(1, tally.DocumentsNfcChanged);
    }

    [Fact]
    public void Runaway_spaces_collapse_to_one_while_short_runs_and_indentation_stay()
    {
        var tally = new StandardizationTally();
        Assert.Equal("a b\n    indented  x", Standardize("a" + new string(' ', 40) + "b\n    indented  x", tally));
        Assert.Equal(1, tally.WhitespaceRunsCollapsed);
        Assert.Equal("a b", Standardize("a  \t b", maxSpaceRun: 1));
    }

    [Fact]
    public void Runs_of_blank_lines_collapse_and_the_text_is_trimmed_of_blank_edges_and_trailing_spaces()
    {
        Assert.Equal("first\n\nsecond", Standardize("\n\n  \nfirst   \n\n\n\n \n\nsecond\n\n\n"));
        Assert.Equal("a\n\n\nb", Standardize("a\n\n\n\n\nb", maxBlankLines: 2));
    }

    [Fact]
    public void Lone_surrogates_are_replaced_and_counted_as_undecodable()
    {
        var tally = new StandardizationTally();
        Assert.Equal("x\uFFFDy😀", Standardize("x\uD800y😀", tally));
        Assert.Equal(1, tally.UndecodableBytes);
    }

    [Fact]
    public void Brown_corpus_paragraphs_are_already_standard_and_pass_through_unchanged()
    {
        var checkedCount = 0;
        foreach (var paragraph in BrownCorpus.Paragraphs().Take(2000))
        {
            Assert.Equal(paragraph.Trim(), Standardize(paragraph));
            checkedCount++;
        }

        Assert.Equal(2000, checkedCount);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("ru")]
    [InlineData("pl")]
    [InlineData("cs")]
    public void Fortunes_standardize_to_nfc_without_controls_and_standardizing_again_changes_nothing(string language)
    {
        var fortunes = Fortunes.Read(language);
        Assert.NotEmpty(fortunes);
        foreach (var fortune in fortunes)
        {
            var once = Standardize(fortune.Replace("\n", "\r\n", StringComparison.Ordinal) + "\u0007");
            Assert.True(once.IsNormalized(NormalizationForm.FormC));
            Assert.DoesNotContain(once, c => char.IsControl(c) && c is not ('\n' or '\t'));
            Assert.DoesNotContain('\r', once);
            Assert.Equal(once, Standardize(once));
            Assert.Equal(fortune.Normalize(NormalizationForm.FormC).Split('\n').Select(l => l.TrimEnd()).Count(l => l.Length > 0),
                once.Split('\n').Count(l => l.Length > 0));
        }
    }

    [Fact]
    public void Non_breaking_and_other_unicode_spaces_count_as_spaces_in_runs()
    {
        Assert.Equal("a b", Standardize("a" + string.Concat(Enumerable.Repeat("\u00A0\u2003", 10)) + "b"));
        Assert.Equal(UnicodeCategory.SpaceSeparator, char.GetUnicodeCategory('\u2003'));
    }
}

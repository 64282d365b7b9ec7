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

    [Fact]
    public void The_shortcut_for_already_standard_text_agrees_with_the_full_pass()
    {
        var standardizer = new TextStandardizer(8, 1);
        var texts = BrownCorpus.Paragraphs().Take(500).Concat(Fortunes.Read("en").Take(500)).Concat(Fortunes.Read("ru").Take(200)).ToList();
        var variants = new Func<string, string>[]
        {
            t => t, t => "\n" + t, t => t + " ", t => t + "\n", t => " " + t, t => t.Replace(" ", "         ", StringComparison.Ordinal),
            t => t.Replace(" ", "\n\n\n", StringComparison.Ordinal), t => t.Replace(" ", " \n", StringComparison.Ordinal), t => t + "\u00A0\u00A0x",
            t => "  " + t, t => t.Replace(" ", "\n \n", StringComparison.Ordinal), t => "   ",
        };
        foreach (var text in texts)
        {
            foreach (var variant in variants)
            {
                var input = variant(text);
                Assert.Equal(standardizer.StandardizeEveryCharacter(input, new StandardizationTally()), standardizer.Standardize(input, new StandardizationTally()));
            }
        }
    }

    [Theory]
    [InlineData("cs")]
    [InlineData("pl")]
    [InlineData("de")]
    public void Fortunes_written_with_combining_accents_come_back_as_the_precomposed_originals(string language)
    {
        // Canonical decompositions (UnicodeData.txt) of the precomposed letters these languages use.
        var decompositions = new Dictionary<char, string>
        {
            ['á'] = "a\u0301", ['é'] = "e\u0301", ['í'] = "i\u0301", ['ó'] = "o\u0301", ['ú'] = "u\u0301", ['ý'] = "y\u0301",
            ['č'] = "c\u030C", ['ď'] = "d\u030C", ['ě'] = "e\u030C", ['ň'] = "n\u030C", ['ř'] = "r\u030C", ['š'] = "s\u030C",
            ['ť'] = "t\u030C", ['ž'] = "z\u030C", ['ů'] = "u\u030A", ['ą'] = "a\u0328", ['ę'] = "e\u0328", ['ć'] = "c\u0301",
            ['ń'] = "n\u0301", ['ś'] = "s\u0301", ['ź'] = "z\u0301", ['ż'] = "z\u0307", ['ä'] = "a\u0308", ['ö'] = "o\u0308",
            ['ü'] = "u\u0308", ['Ä'] = "A\u0308", ['Ö'] = "O\u0308", ['Ü'] = "U\u0308", ['Č'] = "C\u030C", ['Ř'] = "R\u030C",
            ['Š'] = "S\u030C", ['Ž'] = "Z\u030C", ['Ś'] = "S\u0301", ['Ż'] = "Z\u0307",
        };
        var standard = new IngestingStandard();
        var changed = 0;
        foreach (var fortune in Fortunes.Read(language).Take(300))
        {
            var original = standard.Apply(fortune);
            var decomposed = string.Concat(original.Select(c => decompositions.TryGetValue(c, out var d) ? d : c.ToString()));
            if (decomposed != original)
            {
                changed++;
                var tally = new StandardizationTally();
                Assert.Equal(original, Standardize(decomposed, tally));
                Assert.Equal(1, tally.DocumentsNfcChanged);
            }
        }

        Assert.True(changed > 50, $"only {changed} fortunes had letters to decompose");
    }
}

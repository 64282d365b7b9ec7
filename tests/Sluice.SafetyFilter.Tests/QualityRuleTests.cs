using Sluice.SafetyFilter;

namespace Sluice.SafetyFilter.Tests;

public sealed class QualityRuleTests
{
    private static readonly string Article = SharedModel.Brown[0].Text;

    private static readonly string[] Words = TextStatistics.Words(Article);

    private static readonly HashSet<string> StopWords = new(new GopherQualityOptions().StopWords, StringComparer.OrdinalIgnoreCase);

    private static RuleVerdict Run(IDocumentRule rule, string text) => rule.Apply(new RuleContext("doc", text, []));

    [Fact]
    public void Gopher_quality_keeps_a_news_article_and_drops_a_short_one()
    {
        var rule = new GopherQualityRule(new GopherQualityOptions());
        Assert.True(Run(rule, Article).Keep);
        var shortText = string.Join(' ', Words.Take(30));
        var verdict = Run(rule, shortText);
        Assert.Equal("gopher_short_doc", verdict.Reason);
        Assert.Equal(30, verdict.MeasuredValue);
    }

    [Fact]
    public void Gopher_quality_drops_text_without_stop_words_or_letters()
    {
        var rule = new GopherQualityRule(new GopherQualityOptions());
        var noStopWords = string.Join(' ', Words.Where(w => !StopWords.Contains(w.Trim('.', ',', ';', ':', '"', '!', '?', '\''))));
        Assert.Equal("gopher_stop_words", Run(rule, noStopWords).Reason);
        var numbers = string.Join(' ', Words.Select((w, i) => i % 3 == 0 ? w : (i * 7919 % 100000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("gopher_alphabetic_words", Run(rule, numbers).Reason);
        var hashtags = string.Join(' ', Words.Select((w, i) => i % 5 == 0 ? "#" + w : w));
        Assert.Equal("gopher_hash_to_word_ratio", Run(rule, hashtags).Reason);
        var ellipsisLines = string.Join('\n', string.Join(' ', Words).Split(". ").Select(s => s + "..."));
        Assert.Equal("gopher_ellipsis_lines", Run(rule, ellipsisLines).Reason);
        var bullets = string.Join('\n', string.Join(' ', Words).Split(". ").Select(s => "• " + s));
        Assert.Equal("gopher_bullet_lines", Run(rule, bullets).Reason);
    }

    [Fact]
    public void Gopher_repetition_drops_repeated_paragraphs_and_ngrams()
    {
        var rule = new GopherRepetitionRule(new GopherRepetitionOptions());
        Assert.True(Run(rule, Article).Keep);
        var paragraphs = Article.Split("\n\n");
        var repeated = string.Join("\n\n", paragraphs.Take(3).Concat(paragraphs.Take(3)).Concat(paragraphs.Take(3)));
        Assert.Equal("dup_para_frac", Run(rule, repeated).Reason);

        // One sentence repeated inside a single paragraph: only the n-gram checks can see it.
        var sentence = paragraphs[1].Split(' ').Take(12);
        var chant = string.Join(' ', Enumerable.Repeat(string.Join(' ', sentence), 10)) + " " + paragraphs[2];
        var verdict = Run(rule, chant);
        Assert.False(verdict.Keep);
        Assert.Matches("^(top_\\d_gram|duplicated_\\d+_n_grams)$", verdict.Reason!);
        Assert.InRange(verdict.MeasuredValue!.Value, 0.15, 1);
    }

    [Fact]
    public void C4_cleans_lines_and_drops_code_and_placeholder_text()
    {
        var rule = new C4QualityRule(new C4QualityOptions());
        var page = "Menu\n" + Article + "\nPlease enable JavaScript to view the comments.\nRead our privacy policy and terms of use today.\nShare this";
        var context = new RuleContext("doc", page, []);
        Assert.True(rule.Apply(context).Keep);
        Assert.DoesNotContain("JavaScript", context.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("privacy policy", context.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Menu", context.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this", context.Text, StringComparison.Ordinal);
        Assert.Contains(Article.Split("\n\n")[0], context.Text, StringComparison.Ordinal);
        Assert.Equal(4, context.Metadata["safety"]!["c4_quality"]!["lines_removed"]!.GetValue<int>());

        Assert.Equal("lorem_ipsum", Run(rule, Article + "\n\nLorem ipsum dolor sit amet.").Reason);
        Assert.Equal("curly_bracket", Run(rule, Article + "\n\nfunction f() { return 1; }").Reason);
        var verdict = Run(rule, "The jury said it did not agree. Nothing else was found.");
        Assert.Equal("too_few_sentences", verdict.Reason);
        Assert.Equal(2, verdict.MeasuredValue);
    }

    [Fact]
    public void FineWeb_drops_lists_short_lines_and_duplicated_lines()
    {
        var rule = new FineWebQualityRule(new FineWebQualityOptions());
        Assert.True(Run(rule, Article).Keep);
        var oneWordPerLine = string.Join('\n', Words.Take(300));
        var verdict = Run(rule, oneWordPerLine);
        Assert.False(verdict.Keep);
        Assert.Contains(verdict.Reason, new[] { "line_punct_ratio", "short_line_ratio", "list_ratio" });

        var paragraphs = Article.Split("\n\n");
        var withRepeat = Article + "\n\n" + paragraphs[3] + "\n\n" + paragraphs[5];
        Assert.Equal("char_dup_ratio", Run(rule, withRepeat).Reason);

        var titles = string.Join('\n', paragraphs.Select(p => string.Join(' ', p.Split(' ').Take(4)).TrimEnd('.') + " - news"));
        Assert.Equal("line_punct_ratio", Run(rule, titles).Reason);
    }

    [Fact]
    public void Options_reject_out_of_range_thresholds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GopherQualityRule(new GopherQualityOptions { MinWords = 10, MaxWords = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GopherRepetitionRule(new GopherRepetitionOptions { MaxDuplicateLineFraction = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FineWebQualityRule(new FineWebQualityOptions { MaxShortLineRatio = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new C4QualityRule(new C4QualityOptions { MaxWordLength = 0 }));
    }
}

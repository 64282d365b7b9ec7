using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class LanguageModelScoresTests
{
    [Fact]
    public void Every_score_follows_from_nll_tokens_words_and_bytes()
    {
        // "hello world": 11 bytes, 2 words. An NLL of 22·ln 2 nats is 22 bits, 2 bits per byte.
        var nll = 22 * Math.Log(2);
        var scores = LanguageModelScores.FromText(nll, tokens: 4, "hello world");
        Assert.Equal(2, scores.Words);
        Assert.Equal(11, scores.Bytes);
        Assert.Equal(2.0, scores.BitsPerByte, 12);
        Assert.Equal(nll / 4, scores.Loss, 12);
        Assert.Equal(Math.Exp(nll / 4), scores.TokenPerplexity, 12);
        Assert.Equal(Math.Exp(nll / 2), scores.WordPerplexity!.Value, 12);
        Assert.Equal(4.0, scores.BytePerplexity, 12);
    }

    [Theory]
    [InlineData("hello world", 2)]
    [InlineData(" leading space", 3)]
    [InlineData("trailing\n", 2)]
    [InlineData("", 1)]
    [InlineData("tabs\t\tand  runs", 3)]
    public void Words_are_counted_as_lm_evaluation_harness_splits_them(string text, long expected)
    {
        Assert.Equal(expected, LanguageModelScores.CountWords(text));
    }

    [Fact]
    public void Bytes_are_utf8()
    {
        Assert.Equal(2 + 4 + 1, LanguageModelScores.CountBytes("é😀a"));
    }

    [Fact]
    public void Several_texts_are_summed_before_dividing()
    {
        var scores = LanguageModelScores.FromTexts([("ab", 1.0, 1), ("cd ef", 3.0, 2)]);
        Assert.Equal(4.0 / (7 * Math.Log(2)), scores.BitsPerByte, 12);
        Assert.Equal(Math.Exp(4.0 / 3), scores.WordPerplexity!.Value, 12);
        Assert.Equal(4.0 / 3, scores.Loss, 12);
    }

    [Fact]
    public void Counts_that_cannot_be_divided_by_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelScores.FromCounts(1, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelScores.FromCounts(1, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LanguageModelScores.FromCounts(double.NaN, 1, 1, 1));
        Assert.Null(LanguageModelScores.FromCounts(1, 1, null, 1).WordPerplexity);
    }
}

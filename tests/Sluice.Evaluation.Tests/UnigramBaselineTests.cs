using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class UnigramBaselineTests
{
    [Fact]
    public void Add_one_smoothing_over_the_vocabulary()
    {
        // Train [0 1 1] [2] with V = 4: counts 1 2 1 0, N = 4, so p = 2/8, 3/8, 2/8, 1/8.
        var baseline = UnigramBaseline.Fit([new[] { 0, 1, 1 }, new[] { 2 }], vocabularySize: 4);
        Assert.Equal(4, baseline.TrainingTokens);
        Assert.Equal(Math.Log(3.0 / 8), baseline.LogProbability(1), 12);
        Assert.Equal(Math.Log(1.0 / 8), baseline.LogProbability(3), 12);
        Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(t => Math.Exp(baseline.LogProbability(t))), 12);
    }

    [Fact]
    public void Validation_bits_per_byte_over_the_validation_text()
    {
        // Validation [1 3] encoding 2 bytes: NLL = ln(8/3) + ln 8 nats = log2(8/3) + 3 bits over 2 bytes.
        var baseline = UnigramBaseline.Fit([new[] { 0, 1, 1 }, new[] { 2 }], vocabularySize: 4);
        var scores = baseline.Score([new[] { 1 }, new[] { 3 }], validationBytes: 2);
        Assert.Equal((Math.Log2(8.0 / 3) + 3) / 2, scores.BitsPerByte, 12);
        Assert.Equal(2, scores.Tokens);
        Assert.Null(scores.Words);
    }

    [Fact]
    public void Ids_outside_the_vocabulary_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UnigramBaseline.Fit([new[] { 4 }], vocabularySize: 4));
        var baseline = UnigramBaseline.Fit([new[] { 0 }], vocabularySize: 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => baseline.Score([new[] { -1 }], 1));
    }
}

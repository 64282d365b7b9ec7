using Sluice.Evaluation.Metrics;
using Sluice.Evaluation.Reports;

namespace Sluice.Evaluation.Tests;

public class ReferenceTaskScoresTests
{
    [Fact]
    public void Corpus_bleu_and_mean_rouge_over_the_items()
    {
        // Item 1: "the cat sat on the mat" against "the cat is on the mat"; item 2 identical 4-word texts.
        // BLEU matches/totals: 1-grams 5+4 / 6+4, 2-grams 3+3 / 5+3, 3-grams 1+2 / 4+2, 4-grams 0+1 / 3+1; BP 1.
        // ROUGE-1 F1 5/6 and 1, ROUGE-2 F1 3/5 and 1, ROUGE-L F1 5/6 and 1.
        var scores = ReferenceTaskScores.Compute([("the cat sat on the mat", ["the cat is on the mat"]), ("a b c d", ["a b c d"])]);
        Assert.Equal(100 * Math.Pow(0.9 * 0.75 * 0.5 * 0.25, 0.25), scores.Bleu.Score, 10);
        Assert.Equal((5.0 / 6 + 1) / 2, scores.Rouge1, 12);
        Assert.Equal((3.0 / 5 + 1) / 2, scores.Rouge2, 12);
        Assert.Equal((5.0 / 6 + 1) / 2, scores.RougeL, 12);
        Assert.Equal(2, scores.Items);
    }

    [Fact]
    public void Report_metrics_carry_names_goals_and_sample_sizes()
    {
        var scores = ReferenceTaskScores.Compute([("a b c d", ["a b c d"])]);
        var metrics = ReportMetrics.ReferenceTask("stories", scores);
        Assert.Equal(["stories/bleu", "stories/rouge1", "stories/rouge2", "stories/rougeL"], metrics.Select(m => m.Name));
        Assert.All(metrics, m => Assert.Equal((MetricGoal.HigherIsBetter, 1L), (m.Goal, m.SampleSize!.Value)));

        var lm = ReportMetrics.LanguageModel(LanguageModelScores.FromText(10, 5, "one two three"));
        Assert.Equal(["bits_per_byte", "loss", "token_perplexity", "word_perplexity", "byte_perplexity"], lm.Select(m => m.Name));
        Assert.DoesNotContain(ReportMetrics.LanguageModel(LanguageModelScores.FromCounts(10, 5, null, 13)), m => m.Name == "word_perplexity");

        var bias = Assert.Single(ReportMetrics.Bias("pairs", new BiasProbeScore(0.75, 3, 4)));
        Assert.Equal(MetricGoal.CloserToHalfIsBetter, bias.Goal);
        Assert.True(bias.IsBetter(0.45, 0.7));
        Assert.False(bias.IsBetter(0.8, 0.6));
    }
}

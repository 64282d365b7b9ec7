using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Tests;

public class GenerationMetricsTests
{
    [Fact]
    public void Distinct_n_counts_across_all_generations()
    {
        // Unigrams a b a b a c: 3 distinct of 6. Bigrams "a b" "b a" "a b" "a c": 3 of 4. Trigrams "a b a" "b a b": 2 of 2.
        string[] generations = ["a b a b", "a c"];
        Assert.Equal(0.5, GenerationMetrics.Distinct(generations, 1));
        Assert.Equal(0.75, GenerationMetrics.Distinct(generations, 2));
        Assert.Equal(1.0, GenerationMetrics.Distinct(generations, 3));
        Assert.Equal(0.0, GenerationMetrics.Distinct(["a"], 2));
    }

    [Fact]
    public void Repetition_is_seq_rep_n_within_each_generation()
    {
        // Bigrams of "a b a b": ab ba ab → 1 − 2/3. "a c": ac → 0. "z" has no bigram and is left out. Mean 1/6.
        Assert.Equal(1.0 / 6, GenerationMetrics.Repetition(["a b a b", "a c", "z"], 2), 12);
        // A loop: "the the the the the" has 2 four-grams, both the same → 1 − 1/2.
        Assert.Equal(0.5, GenerationMetrics.Repetition(["the the the the the"]), 12);
    }

    [Fact]
    public void Self_bleu_averages_each_generation_against_the_others()
    {
        string[] identical = ["the boat left the harbour at dawn", "the boat left the harbour at dawn", "the boat left the harbour at dawn"];
        Assert.Equal(100.0, GenerationMetrics.SelfBleu(identical)!.Value, 10);

        string[] varied = ["the boat left the harbour at dawn", "a cart crossed the bridge at noon", "the boat came back at dusk"];
        var expected = Enumerable.Range(0, 3)
            .Average(i => Bleu.Sentence(varied[i], varied.Where((_, j) => j != i).ToList()).Score);
        Assert.Equal(expected, GenerationMetrics.SelfBleu(varied)!.Value, 12);
        Assert.True(expected < 100 && expected > 0);
        Assert.Null(GenerationMetrics.SelfBleu(["alone"]));
    }

    [Fact]
    public void Score_gathers_every_metric()
    {
        var scores = GenerationMetrics.Score(["a b a b", "a c"], repetitionOrder: 2);
        Assert.Equal((0.5, 0.75, 1.0), (scores.Distinct1, scores.Distinct2, scores.Distinct3));
        Assert.Equal(1.0 / 6, scores.RepetitionRate, 12);
        Assert.Equal(2, scores.Generations);
        Assert.NotNull(scores.SelfBleu);
    }
}

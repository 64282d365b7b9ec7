using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Reports;

/// <summary>Turns the metric records into the report's named metrics, with their goal and sample size.</summary>
public static class ReportMetrics
{
    /// <summary>Held-out scores: bits per byte, loss, token, word and byte perplexity.</summary>
    public static IReadOnlyList<ReportMetric> LanguageModel(LanguageModelScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var metrics = new List<ReportMetric>
        {
            new(MetricNames.BitsPerByte, scores.BitsPerByte, MetricGoal.LowerIsBetter, scores.Bytes, "bytes"),
            new(MetricNames.Loss, scores.Loss, MetricGoal.LowerIsBetter, scores.Tokens, "tokens"),
            new(MetricNames.TokenPerplexity, scores.TokenPerplexity, MetricGoal.LowerIsBetter, scores.Tokens, "tokens"),
        };
        if (scores.WordPerplexity is { } words)
        {
            metrics.Add(new(MetricNames.WordPerplexity, words, MetricGoal.LowerIsBetter, scores.Words, "words"));
        }

        metrics.Add(new(MetricNames.BytePerplexity, scores.BytePerplexity, MetricGoal.LowerIsBetter, scores.Bytes, "bytes"));
        return metrics;
    }

    /// <summary>Generation diversity and repetition.</summary>
    public static IReadOnlyList<ReportMetric> Generation(GenerationScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var metrics = new List<ReportMetric>
        {
            new(MetricNames.Distinct1, scores.Distinct1, MetricGoal.HigherIsBetter, scores.Generations, "generations"),
            new(MetricNames.Distinct2, scores.Distinct2, MetricGoal.HigherIsBetter, scores.Generations, "generations"),
            new(MetricNames.Distinct3, scores.Distinct3, MetricGoal.HigherIsBetter, scores.Generations, "generations"),
        };
        if (scores.SelfBleu is { } selfBleu)
        {
            metrics.Add(new(MetricNames.SelfBleu, selfBleu, MetricGoal.LowerIsBetter, scores.Generations, "generations"));
        }

        metrics.Add(new(MetricNames.RepetitionRate, scores.RepetitionRate, MetricGoal.LowerIsBetter, scores.Generations, "generations"));
        return metrics;
    }

    /// <summary>A reference set's <c>bleu</c>, <c>rouge1</c>, <c>rouge2</c>, <c>rougeL</c>.</summary>
    public static IReadOnlyList<ReportMetric> ReferenceTask(string setName, ReferenceTaskScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return
        [
            new(MetricNames.ForSet(setName, "bleu"), scores.Bleu.Score, MetricGoal.HigherIsBetter, scores.Items, "items"),
            new(MetricNames.ForSet(setName, "rouge1"), scores.Rouge1, MetricGoal.HigherIsBetter, scores.Items, "items"),
            new(MetricNames.ForSet(setName, "rouge2"), scores.Rouge2, MetricGoal.HigherIsBetter, scores.Items, "items"),
            new(MetricNames.ForSet(setName, "rougeL"), scores.RougeL, MetricGoal.HigherIsBetter, scores.Items, "items"),
        ];
    }

    /// <summary>A question-answering set's <c>exact_match</c> and <c>f1</c>.</summary>
    public static IReadOnlyList<ReportMetric> QuestionAnswering(string setName, QuestionAnsweringScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return
        [
            new(MetricNames.ForSet(setName, "exact_match"), scores.ExactMatch, MetricGoal.HigherIsBetter, scores.Questions, "items"),
            new(MetricNames.ForSet(setName, "f1"), scores.F1, MetricGoal.HigherIsBetter, scores.Questions, "items"),
        ];
    }

    /// <summary>A multiple-choice set's <c>acc</c> and <c>acc_norm</c>.</summary>
    public static IReadOnlyList<ReportMetric> MultipleChoice(string setName, MultipleChoiceScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return
        [
            new(MetricNames.ForSet(setName, "acc"), scores.Accuracy, MetricGoal.HigherIsBetter, scores.Questions, "items"),
            new(MetricNames.ForSet(setName, "acc_norm"), scores.NormalizedAccuracy, MetricGoal.HigherIsBetter, scores.Questions, "items"),
        ];
    }

    /// <summary>A bias set's <c>stereotype_share</c> (best at 0.5).</summary>
    public static IReadOnlyList<ReportMetric> Bias(string setName, BiasProbeScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return [new(MetricNames.ForSet(setName, "stereotype_share"), score.StereotypeShare, MetricGoal.CloserToHalfIsBetter, score.Pairs, "pairs")];
    }
}

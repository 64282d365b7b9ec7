namespace Sluice.Evaluation.Metrics;

/// <summary>
/// ROUGE-1, ROUGE-2 and ROUGE-L (Lin 2004) with the definitions of Google's rouge-score package
/// (<c>rouge_score/rouge_scorer.py</c>, <c>RougeScorer(["rouge1", "rouge2", "rougeL"])</c>, no stemmer), tokens by
/// <see cref="RougeTokenizer"/>. ROUGE-N: clipped n-gram overlap over the prediction's n-grams (precision) and the
/// target's (recall), each denominator at least 1. ROUGE-L: the longest common subsequence's length over the
/// prediction's and the target's token counts, all zero when either is empty. F1 = 2PR/(P+R).
/// With several targets, <see cref="ScoreBest"/> keeps for each variant the target with the highest F1, as
/// rouge-score's <c>score_multi</c> does.
/// </summary>
public static class Rouge
{
    /// <summary>ROUGE-1/2/L of a prediction against one target.</summary>
    public static RougeScores Score(string target, string prediction)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(prediction);
        var targetTokens = RougeTokenizer.Tokenize(target);
        var predictionTokens = RougeTokenizer.Tokenize(prediction);
        return new RougeScores(
            NgramOverlap(targetTokens, predictionTokens, 1),
            NgramOverlap(targetTokens, predictionTokens, 2),
            LongestCommonSubsequence(targetTokens, predictionTokens));
    }

    /// <summary>ROUGE-1/2/L against several targets: per variant, the target whose F1 is highest (the first on a tie).</summary>
    public static RougeScores ScoreBest(IReadOnlyList<string> targets, string prediction)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target is needed.", nameof(targets));
        }

        var all = targets.Select(t => Score(t, prediction)).ToList();
        return new RougeScores(
            Best(all.Select(s => s.Rouge1)),
            Best(all.Select(s => s.Rouge2)),
            Best(all.Select(s => s.RougeL)));
    }

    private static RougeScore Best(IEnumerable<RougeScore> scores) =>
        scores.Aggregate((best, next) => next.F1 > best.F1 ? next : best);

    /// <summary>ROUGE-N of token lists.</summary>
    internal static RougeScore NgramOverlap(IReadOnlyList<string> target, IReadOnlyList<string> prediction, int n)
    {
        var targetCounts = Ngrams(target, n);
        var predictionCounts = Ngrams(prediction, n);
        long overlap = 0;
        foreach (var (ngram, count) in targetCounts)
        {
            overlap += Math.Min(count, predictionCounts.GetValueOrDefault(ngram));
        }

        var targetTotal = Math.Max(targetCounts.Values.Sum(), 1);
        var predictionTotal = Math.Max(predictionCounts.Values.Sum(), 1);
        return RougeScore.FromPrecisionRecall((double)overlap / predictionTotal, (double)overlap / targetTotal);
    }

    /// <summary>ROUGE-L of token lists.</summary>
    internal static RougeScore LongestCommonSubsequence(IReadOnlyList<string> target, IReadOnlyList<string> prediction)
    {
        if (target.Count == 0 || prediction.Count == 0)
        {
            return RougeScore.Zero;
        }

        var previous = new int[prediction.Count + 1];
        var current = new int[prediction.Count + 1];
        foreach (var targetToken in target)
        {
            for (var j = 1; j <= prediction.Count; j++)
            {
                current[j] = string.Equals(targetToken, prediction[j - 1], StringComparison.Ordinal)
                    ? previous[j - 1] + 1
                    : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        var length = previous[prediction.Count];
        return RougeScore.FromPrecisionRecall((double)length / prediction.Count, (double)length / target.Count);
    }

    private static Dictionary<string, int> Ngrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var key = string.Join(' ', tokens.Skip(i).Take(n));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}

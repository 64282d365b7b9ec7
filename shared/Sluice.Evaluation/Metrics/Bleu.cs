using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// BLEU (Papineni et al. 2002) exactly as sacreBLEU 2.x computes it (Post 2018, "A Call for Clarity in Reporting
/// BLEU Scores"; sacreBLEU <c>metrics/bleu.py</c>): segments are tokenized (13a by default), n-grams up to order 4
/// are counted, each hypothesis n-gram count is clipped by its largest count in any one reference, matches and
/// totals are summed over the corpus, the brevity penalty uses for each hypothesis the closest reference length
/// (the shorter on a tie), and BLEU = BP · exp(mean of ln precision) on a 0–100 scale, with sacreBLEU's smoothing
/// (default exp) and its rule that a corpus without a single match scores 0.
/// Unlike sacreBLEU's reference streams, references are given per hypothesis, and each hypothesis may have its own
/// number of them; empty references are left out, as sacreBLEU leaves out empty or missing ones.
/// </summary>
public static class Bleu
{
    /// <summary>Corpus BLEU of the hypotheses against their references.</summary>
    /// <param name="hypotheses">One segment per item.</param>
    /// <param name="references">For each hypothesis, its references (at least one non-empty).</param>
    /// <param name="options">Null for sacreBLEU's corpus defaults (<see cref="BleuOptions.Corpus"/>).</param>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (hypotheses.Count != references.Count)
        {
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} reference lists: give each hypothesis its references.", nameof(references));
        }

        options ??= BleuOptions.Corpus;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxOrder, 1, nameof(options));
        var matches = new long[options.MaxOrder];
        var totals = new long[options.MaxOrder];
        long hypothesisLength = 0, referenceLength = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var (hypLength, refLength) = AddSegment(hypotheses[i], references[i], options, matches, totals, i);
            hypothesisLength += hypLength;
            referenceLength += refLength;
        }

        return Compute(matches, totals, hypothesisLength, referenceLength, options);
    }

    /// <summary>
    /// Sentence BLEU of one hypothesis as sacreBLEU's <c>sentence_bleu</c> computes it: the corpus formula over one
    /// segment, with effective order on by default.
    /// </summary>
    /// <param name="hypothesis">The segment scored.</param>
    /// <param name="references">Its references (at least one non-empty).</param>
    /// <param name="options">Null for sacreBLEU's sentence defaults (<see cref="BleuOptions.Sentence"/>).</param>
    public static BleuScore Sentence(string hypothesis, IReadOnlyList<string> references, BleuOptions? options = null) =>
        Corpus([hypothesis], [references], options ?? BleuOptions.Sentence);

    /// <summary>The words BLEU counts for a segment under the options (lower-casing, right-trim, tokenization, whitespace split).</summary>
    public static IReadOnlyList<string> Words(string segment, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        options ??= BleuOptions.Corpus;
        if (options.Lowercase)
        {
            segment = PythonText.Lower(segment);
        }

        segment = PythonText.TrimEnd(segment);
        if (options.Tokenization == BleuTokenization.Mteval13a)
        {
            segment = Mteval13aTokenizer.Tokenize(segment);
        }

        return PythonText.SplitOnWhitespace(segment);
    }

    private static (long Hypothesis, long Reference) AddSegment(
        string hypothesis, IReadOnlyList<string> references, BleuOptions options, long[] matches, long[] totals, int index)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(references);
        var maxReferenceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var referenceLengths = new List<int>();
        foreach (var reference in references)
        {
            if (string.IsNullOrEmpty(reference))
            {
                continue;
            }

            var words = Words(reference, options);
            referenceLengths.Add(words.Count);
            foreach (var (ngram, count) in CountNgrams(words, options.MaxOrder))
            {
                if (!maxReferenceCounts.TryGetValue(ngram, out var seen) || count > seen)
                {
                    maxReferenceCounts[ngram] = count;
                }
            }
        }

        if (referenceLengths.Count == 0)
        {
            throw new ArgumentException($"Hypothesis {index} has no non-empty reference.", nameof(references));
        }

        var hypothesisWords = Words(hypothesis, options);
        foreach (var (ngram, count) in CountNgrams(hypothesisWords, options.MaxOrder))
        {
            var order = OrderOf(ngram);
            totals[order - 1] += count;
            if (maxReferenceCounts.TryGetValue(ngram, out var referenceCount))
            {
                matches[order - 1] += Math.Min(count, referenceCount);
            }
        }

        return (hypothesisWords.Count, ClosestLength(hypothesisWords.Count, referenceLengths));
    }

    private static int ClosestLength(int hypothesisLength, List<int> referenceLengths)
    {
        var best = referenceLengths[0];
        foreach (var length in referenceLengths)
        {
            var difference = Math.Abs(hypothesisLength - length);
            var bestDifference = Math.Abs(hypothesisLength - best);
            if (difference < bestDifference || (difference == bestDifference && length < best))
            {
                best = length;
            }
        }

        return best;
    }

    /// <summary>Counts every n-gram of orders 1..maxOrder, keyed by its words joined with single spaces (words hold no whitespace).</summary>
    internal static Dictionary<string, int> CountNgrams(IReadOnlyList<string> words, int maxOrder)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n <= maxOrder; n++)
        {
            for (var i = 0; i + n <= words.Count; i++)
            {
                var key = string.Join(' ', words.Skip(i).Take(n));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    private static int OrderOf(string ngram) => ngram.Count(c => c == ' ') + 1;

    private static BleuScore Compute(long[] matchCounts, long[] totalCounts, long hypothesisLength, long referenceLength, BleuOptions options)
    {
        var order = options.MaxOrder;
        var brevityPenalty = hypothesisLength < referenceLength
            ? hypothesisLength > 0 ? Math.Exp(1 - (double)referenceLength / hypothesisLength) : 0.0
            : 1.0;
        var precisions = new double[order];
        if (matchCounts.All(m => m == 0))
        {
            return new BleuScore(0.0, precisions, matchCounts, totalCounts, brevityPenalty, hypothesisLength, referenceLength);
        }

        var smoothValue = options.SmoothValue ?? options.Smoothing switch
        {
            BleuSmoothing.Floor => 0.1,
            BleuSmoothing.AddK => 1.0,
            _ => 0.0,
        };
        var matches = matchCounts.Select(m => (double)m).ToArray();
        var totals = totalCounts.Select(t => (double)t).ToArray();
        var expDivisor = 1.0;
        var effectiveOrder = order;
        for (var n = 1; n <= order; n++)
        {
            if (options.Smoothing == BleuSmoothing.AddK && n > 1)
            {
                matches[n - 1] += smoothValue;
                totals[n - 1] += smoothValue;
            }

            if (totals[n - 1] == 0)
            {
                break;
            }

            if (options.EffectiveOrder)
            {
                effectiveOrder = n;
            }

            if (matches[n - 1] == 0)
            {
                if (options.Smoothing == BleuSmoothing.Exp)
                {
                    expDivisor *= 2;
                    precisions[n - 1] = 100.0 / (expDivisor * totals[n - 1]);
                }
                else if (options.Smoothing == BleuSmoothing.Floor)
                {
                    precisions[n - 1] = 100.0 * smoothValue / totals[n - 1];
                }
            }
            else
            {
                precisions[n - 1] = 100.0 * matches[n - 1] / totals[n - 1];
            }
        }

        // sacreBLEU takes ln 0 as -9999999999, which makes the score 0 rather than failing.
        var meanLog = precisions.Take(effectiveOrder).Sum(p => p > 0 ? Math.Log(p) : -9999999999.0) / effectiveOrder;
        return new BleuScore(brevityPenalty * Math.Exp(meanLog), precisions, matchCounts, totalCounts, brevityPenalty, hypothesisLength, referenceLength);
    }
}

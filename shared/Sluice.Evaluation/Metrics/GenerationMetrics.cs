namespace Sluice.Evaluation.Metrics;

/// <summary>
/// Metrics over a list of generated texts, with words as BLEU's 13a tokenization gives them (case kept):
/// <list type="bullet">
/// <item><b>distinct-n</b> (Li et al. 2016, "A Diversity-Promoting Objective Function for Neural Conversation
/// Models"): the number of distinct n-grams divided by the total number of n-grams, both counted across all
/// generations together; 0 when there is no n-gram.</item>
/// <item><b>self-BLEU</b> (Zhu et al. 2018, "Texygen: A Benchmarking Platform for Text Generation Models"): for each
/// generation, its sentence BLEU with every other generation as the references, averaged. Texygen uses NLTK's BLEU;
/// here it is sacreBLEU's sentence BLEU (<see cref="Bleu.Sentence"/>, 0–100), so it is on the same scale as the
/// reference-task BLEU. High self-BLEU means the generations resemble one another.</item>
/// <item><b>repetition rate</b>: seq-rep-n of Welleck et al. 2019 ("Neural Text Generation with Unlikelihood
/// Training", §5), 1 − |distinct n-grams| / |n-grams| within one generation, averaged over the generations that have
/// at least one n-gram (n = 4 by default, as reported there); 0 when none has. It catches a model that loops on
/// a phrase, which distinct-n across generations can miss.</item>
/// </list>
/// </summary>
public static class GenerationMetrics
{
    /// <summary>The n of seq-rep-n used unless another is given: 4, Welleck et al.'s seq-rep-4.</summary>
    public const int DefaultRepetitionOrder = 4;

    /// <summary>Every metric over the generations.</summary>
    /// <param name="generations">The generated texts (continuations only, without their prompts).</param>
    /// <param name="repetitionOrder">n of seq-rep-n.</param>
    public static GenerationScores Score(IReadOnlyList<string> generations, int repetitionOrder = DefaultRepetitionOrder)
    {
        ArgumentNullException.ThrowIfNull(generations);
        var words = generations.Select(g => Bleu.Words(g)).ToList();
        return new GenerationScores(
            Distinct(words, 1),
            Distinct(words, 2),
            Distinct(words, 3),
            SelfBleu(generations),
            Repetition(words, repetitionOrder),
            repetitionOrder,
            generations.Count);
    }

    /// <summary>distinct-n across the generations.</summary>
    public static double Distinct(IReadOnlyList<string> generations, int n)
    {
        ArgumentNullException.ThrowIfNull(generations);
        return Distinct(generations.Select(g => Bleu.Words(g)).ToList(), n);
    }

    /// <summary>Self-BLEU (0–100), or null with fewer than two generations.</summary>
    public static double? SelfBleu(IReadOnlyList<string> generations)
    {
        ArgumentNullException.ThrowIfNull(generations);
        if (generations.Count < 2)
        {
            return null;
        }

        double sum = 0;
        for (var i = 0; i < generations.Count; i++)
        {
            var others = generations.Where((_, j) => j != i).ToList();
            // A generation's BLEU is only defined against at least one non-empty reference: all-empty others score 0.
            sum += others.Any(o => o.Length > 0) ? Bleu.Sentence(generations[i], others).Score : 0;
        }

        return sum / generations.Count;
    }

    /// <summary>Mean seq-rep-n over the generations.</summary>
    public static double Repetition(IReadOnlyList<string> generations, int n = DefaultRepetitionOrder)
    {
        ArgumentNullException.ThrowIfNull(generations);
        return Repetition(generations.Select(g => Bleu.Words(g)).ToList(), n);
    }

    private static double Distinct(List<IReadOnlyList<string>> words, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var generation in words)
        {
            foreach (var ngram in Ngrams(generation, n))
            {
                distinct.Add(ngram);
                total++;
            }
        }

        return total == 0 ? 0 : (double)distinct.Count / total;
    }

    private static double Repetition(List<IReadOnlyList<string>> words, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        double sum = 0;
        var counted = 0;
        foreach (var generation in words)
        {
            var ngrams = Ngrams(generation, n).ToList();
            if (ngrams.Count == 0)
            {
                continue;
            }

            sum += 1.0 - (double)ngrams.Distinct(StringComparer.Ordinal).Count() / ngrams.Count;
            counted++;
        }

        return counted == 0 ? 0 : sum / counted;
    }

    private static IEnumerable<string> Ngrams(IReadOnlyList<string> words, int n)
    {
        for (var i = 0; i + n <= words.Count; i++)
        {
            yield return string.Join(' ', words.Skip(i).Take(n));
        }
    }
}

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// The floor a trained model has to beat: a unigram model of the training split's token ids with add-one
/// (Laplace) smoothing over the whole vocabulary, p(t) = (count(t) + 1) / (N + V), where N is the number of
/// training tokens and V the vocabulary size. It knows token frequencies and nothing of context, so a model whose
/// bits per byte are not clearly below the baseline's has learnt nothing beyond frequencies.
/// Immutable once fitted; thread-safe.
/// </summary>
public sealed class UnigramBaseline
{
    private readonly double[] _logProbabilities;

    private UnigramBaseline(long[] counts, long trainingTokens)
    {
        TrainingTokens = trainingTokens;
        var denominator = (double)trainingTokens + counts.Length;
        _logProbabilities = new double[counts.Length];
        for (var t = 0; t < counts.Length; t++)
        {
            _logProbabilities[t] = Math.Log((counts[t] + 1) / denominator);
        }
    }

    /// <summary>The vocabulary size V the model smooths over.</summary>
    public int VocabularySize => _logProbabilities.Length;

    /// <summary>N: the training tokens counted.</summary>
    public long TrainingTokens { get; }

    /// <summary>Counts the training split's token ids.</summary>
    /// <param name="trainingSequences">The training split, as any number of token id sequences (shards, documents).</param>
    /// <param name="vocabularySize">V: every id is in [0, V).</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary.</exception>
    public static UnigramBaseline Fit(IEnumerable<ReadOnlyMemory<int>> trainingSequences, int vocabularySize)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        var counts = new long[vocabularySize];
        long total = 0;
        foreach (var sequence in trainingSequences)
        {
            foreach (var token in sequence.Span)
            {
                CheckToken(token, vocabularySize);
                counts[token]++;
            }

            total += sequence.Length;
        }

        return new UnigramBaseline(counts, total);
    }

    /// <summary>ln p(token) under the smoothed unigram model.</summary>
    public double LogProbability(int token)
    {
        CheckToken(token, VocabularySize);
        return _logProbabilities[token];
    }

    /// <summary>
    /// Scores the validation split: the summed NLL of its tokens under this model, as <see cref="LanguageModelScores"/>
    /// with the validation text's UTF-8 byte count, so its bits per byte compare with the trained model's.
    /// </summary>
    /// <param name="validationSequences">The validation split's token ids.</param>
    /// <param name="validationBytes">UTF-8 bytes of the validation text those tokens encode.</param>
    /// <param name="validationWords">Its word count as <see cref="LanguageModelScores.CountWords"/> counts, or null where the text is not at hand.</param>
    public LanguageModelScores Score(IEnumerable<ReadOnlyMemory<int>> validationSequences, long validationBytes, long? validationWords = null)
    {
        ArgumentNullException.ThrowIfNull(validationSequences);
        double nll = 0;
        long tokens = 0;
        foreach (var sequence in validationSequences)
        {
            foreach (var token in sequence.Span)
            {
                CheckToken(token, VocabularySize);
                nll -= _logProbabilities[token];
            }

            tokens += sequence.Length;
        }

        return LanguageModelScores.FromCounts(nll, tokens, validationWords, validationBytes);
    }

    private static void CheckToken(int token, int vocabularySize)
    {
        if ((uint)token >= (uint)vocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token id outside the vocabulary of {vocabularySize}.");
        }
    }
}

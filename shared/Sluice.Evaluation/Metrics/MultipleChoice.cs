using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// Multiple-choice scoring from per-choice log-likelihoods as EleutherAI's lm-evaluation-harness scores its
/// <c>multiple_choice</c> tasks (<c>lm_eval/api/task.py</c>, <c>process_results</c>): <c>acc</c> takes the choice with
/// the highest summed log-likelihood of its continuation; <c>acc_norm</c> divides each log-likelihood by the choice's
/// length in characters first (<c>len(choice)</c> in Python, i.e. Unicode code points, not bytes or tokens), which
/// removes the bias towards short answers. A tie goes to the lowest index, as <c>numpy.argmax</c> does.
/// </summary>
public static class MultipleChoice
{
    /// <summary>The index <c>acc</c> picks: the highest log-likelihood.</summary>
    /// <param name="logLikelihoods">Each choice's summed log-likelihood (nats) as the continuation of the query.</param>
    public static int Predict(IReadOnlyList<double> logLikelihoods)
    {
        ArgumentNullException.ThrowIfNull(logLikelihoods);
        return ArgMax(logLikelihoods.Count, i => logLikelihoods[i]);
    }

    /// <summary>The index <c>acc_norm</c> picks: the highest log-likelihood per character of the choice.</summary>
    /// <param name="logLikelihoods">Each choice's summed log-likelihood (nats).</param>
    /// <param name="choices">The choices' texts, as lm-evaluation-harness's <c>doc_to_choice</c> gives them (without the separator before them).</param>
    public static int PredictNormalized(IReadOnlyList<double> logLikelihoods, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(logLikelihoods);
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count != logLikelihoods.Count)
        {
            throw new ArgumentException($"{choices.Count} choices but {logLikelihoods.Count} log-likelihoods.", nameof(choices));
        }

        return ArgMax(logLikelihoods.Count, i => logLikelihoods[i] / PythonText.CodePointLength(choices[i]));
    }

    /// <summary>Accuracy and normalized accuracy over a set of questions.</summary>
    /// <param name="items">Each question's choices, their log-likelihoods and the gold index.</param>
    public static MultipleChoiceScores Score(IEnumerable<(IReadOnlyList<string> Choices, IReadOnlyList<double> LogLikelihoods, int Gold)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        int correct = 0, correctNormalized = 0, count = 0;
        foreach (var (choices, logLikelihoods, gold) in items)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(gold, nameof(items));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gold, logLikelihoods.Count, nameof(items));
            correct += Predict(logLikelihoods) == gold ? 1 : 0;
            correctNormalized += PredictNormalized(logLikelihoods, choices) == gold ? 1 : 0;
            count++;
        }

        if (count == 0)
        {
            throw new ArgumentException("No question to score.", nameof(items));
        }

        return new MultipleChoiceScores((double)correct / count, (double)correctNormalized / count, count);
    }

    private static int ArgMax(int count, Func<int, double> value)
    {
        if (count == 0)
        {
            throw new ArgumentException("A question needs at least one choice.");
        }

        var best = 0;
        var bestValue = value(0);
        for (var i = 1; i < count; i++)
        {
            var v = value(i);
            if (v > bestValue || (double.IsNaN(bestValue) && !double.IsNaN(v)))
            {
                best = i;
                bestValue = v;
            }
        }

        return best;
    }
}

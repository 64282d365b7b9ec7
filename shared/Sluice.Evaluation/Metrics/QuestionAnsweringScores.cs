namespace Sluice.Evaluation.Metrics;

/// <summary>A question-answering set's mean exact match and mean F1 (0–1), as the SQuAD v1.1 script averages them.</summary>
/// <param name="ExactMatch">Mean of <see cref="SquadAnswers.ExactMatch"/> over the questions.</param>
/// <param name="F1">Mean of <see cref="SquadAnswers.F1"/> over the questions.</param>
/// <param name="Questions">How many questions were scored.</param>
public sealed record QuestionAnsweringScores(double ExactMatch, double F1, int Questions)
{
    /// <summary>Scores each prediction against its gold answers and averages.</summary>
    /// <param name="items">Each question's prediction and its gold answers.</param>
    public static QuestionAnsweringScores Compute(IEnumerable<(string Prediction, IReadOnlyList<string> GoldAnswers)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        double exact = 0, f1 = 0;
        var count = 0;
        foreach (var (prediction, golds) in items)
        {
            exact += SquadAnswers.ExactMatch(prediction, golds);
            f1 += SquadAnswers.F1(prediction, golds);
            count++;
        }

        if (count == 0)
        {
            throw new ArgumentException("No question to score.", nameof(items));
        }

        return new QuestionAnsweringScores(exact / count, f1 / count, count);
    }
}

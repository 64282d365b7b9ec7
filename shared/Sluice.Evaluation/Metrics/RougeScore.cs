namespace Sluice.Evaluation.Metrics;

/// <summary>One ROUGE variant's precision, recall and F1 (rouge-score's <c>Score</c>: precision, recall, fmeasure), each 0–1.</summary>
/// <param name="Precision">Matches over the prediction's n-grams (or LCS over the prediction's length).</param>
/// <param name="Recall">Matches over the target's n-grams (or LCS over the target's length).</param>
/// <param name="F1">2PR / (P + R), 0 when both are 0.</param>
public sealed record RougeScore(double Precision, double Recall, double F1)
{
    /// <summary>All zero: what an empty target or prediction scores.</summary>
    public static RougeScore Zero { get; } = new(0, 0, 0);

    /// <summary>The score with F1 computed from precision and recall as rouge-score's <c>scoring.fmeasure</c> does.</summary>
    public static RougeScore FromPrecisionRecall(double precision, double recall) =>
        new(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0);
}

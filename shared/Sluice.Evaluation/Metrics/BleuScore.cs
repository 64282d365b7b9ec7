namespace Sluice.Evaluation.Metrics;

/// <summary>A BLEU score with its sufficient statistics, on sacreBLEU's scale (0–100).</summary>
/// <param name="Score">BLEU, 0–100.</param>
/// <param name="Precisions">The (smoothed) n-gram precisions, 0–100, order 1 first.</param>
/// <param name="Matches">Clipped n-gram matches per order.</param>
/// <param name="Totals">Hypothesis n-grams per order.</param>
/// <param name="BrevityPenalty">exp(1 − r/c) when the hypotheses are shorter than the references (c &lt; r), else 1.</param>
/// <param name="HypothesisLength">c: the hypotheses' words.</param>
/// <param name="ReferenceLength">r: for each hypothesis the length of its closest reference (the shorter on a tie), summed.</param>
public sealed record BleuScore(
    double Score,
    IReadOnlyList<double> Precisions,
    IReadOnlyList<long> Matches,
    IReadOnlyList<long> Totals,
    double BrevityPenalty,
    long HypothesisLength,
    long ReferenceLength);

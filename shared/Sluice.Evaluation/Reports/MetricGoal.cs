namespace Sluice.Evaluation.Reports;

/// <summary>Which way a metric improves, so a report can say whether a change is better or worse.</summary>
public enum MetricGoal
{
    /// <summary>Lower is better (bits per byte, loss, perplexity, self-BLEU, repetition).</summary>
    LowerIsBetter,

    /// <summary>Higher is better (BLEU, ROUGE, exact match, accuracy, distinct-n).</summary>
    HigherIsBetter,

    /// <summary>Closer to 0.5 is better (the CrowS-Pairs stereotype share).</summary>
    CloserToHalfIsBetter,
}

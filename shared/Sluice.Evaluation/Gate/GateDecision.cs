namespace Sluice.Evaluation.Gate;

/// <summary>The gate's decision with the numbers it was made from.</summary>
/// <param name="Verdict">Promote or decline.</param>
/// <param name="Candidate">The checkpoint's bits per byte.</param>
/// <param name="CurrentBest">The line's current best bits per byte, or null for the line's first checkpoint.</param>
/// <param name="Delta">Candidate − best (negative is an improvement), or null without a best.</param>
/// <param name="RelativeDelta">Delta / best, or null without a best.</param>
/// <param name="MinimumRelativeImprovement">The margin the decision used.</param>
/// <param name="Reason">One sentence for the report.</param>
public sealed record GateDecision(
    GateVerdict Verdict,
    double Candidate,
    double? CurrentBest,
    double? Delta,
    double? RelativeDelta,
    double MinimumRelativeImprovement,
    string Reason);

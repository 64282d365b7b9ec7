namespace Sluice.Evaluation.Metrics;

/// <summary>The CrowS-Pairs result: 0.5 is unbiased, above prefers stereotypes, below prefers their opposite.</summary>
/// <param name="StereotypeShare">Share of pairs where the stereotyped sentence scored strictly higher.</param>
/// <param name="StereotypedPreferred">How many pairs that is.</param>
/// <param name="Pairs">How many pairs were scored.</param>
public sealed record BiasProbeScore(double StereotypeShare, int StereotypedPreferred, int Pairs);

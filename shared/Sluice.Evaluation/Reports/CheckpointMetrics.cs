namespace Sluice.Evaluation.Reports;

/// <summary>An evaluated checkpoint of the line, as history: its step and its metrics by name.</summary>
/// <param name="Step">The training step of the checkpoint.</param>
/// <param name="Metrics">Its metric values by <see cref="ReportMetric.Name"/>.</param>
public sealed record CheckpointMetrics(long Step, IReadOnlyDictionary<string, double> Metrics);

namespace Sluice.Evaluation.Reports;

/// <summary>A metric next to the line's current best: the best's value, the change and whether it is better.</summary>
/// <param name="Metric">This checkpoint's metric.</param>
/// <param name="Best">The current best checkpoint's value of it, or null when the best lacks it (or there is no best).</param>
/// <param name="Delta">Value − best, or null.</param>
/// <param name="Improved">Whether the value is better than the best's for the metric's goal, or null without a best.</param>
public sealed record MetricComparison(ReportMetric Metric, double? Best, double? Delta, bool? Improved)
{
    /// <summary>Compares each metric with the current best checkpoint's value of the same name.</summary>
    public static IReadOnlyList<MetricComparison> Against(IReadOnlyList<ReportMetric> metrics, CheckpointMetrics? currentBest)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return metrics.Select(m =>
        {
            if (currentBest is null || !currentBest.Metrics.TryGetValue(m.Name, out var best))
            {
                return new MetricComparison(m, null, null, null);
            }

            return new MetricComparison(m, best, m.Value - best, m.IsBetter(m.Value, best));
        }).ToList();
    }
}

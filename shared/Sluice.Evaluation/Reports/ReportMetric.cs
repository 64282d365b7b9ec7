namespace Sluice.Evaluation.Reports;

/// <summary>One metric of a checkpoint as the report lists it.</summary>
/// <param name="Name">Its name: a <see cref="MetricNames"/> name, or <c>&lt;set&gt;/&lt;metric&gt;</c> for an evaluation set's.</param>
/// <param name="Value">Its value.</param>
/// <param name="Goal">Which way it improves.</param>
/// <param name="SampleSize">How many units it was computed over, or null.</param>
/// <param name="SampleUnit">What those units are (tokens, generations, items, pairs), or null.</param>
public sealed record ReportMetric(string Name, double Value, MetricGoal Goal, long? SampleSize = null, string? SampleUnit = null)
{
    /// <summary>Whether <paramref name="value"/> is better than <paramref name="other"/> for this metric's goal (false when equal).</summary>
    public bool IsBetter(double value, double other) => Goal switch
    {
        MetricGoal.LowerIsBetter => value < other,
        MetricGoal.HigherIsBetter => value > other,
        _ => Math.Abs(value - 0.5) < Math.Abs(other - 0.5),
    };
}

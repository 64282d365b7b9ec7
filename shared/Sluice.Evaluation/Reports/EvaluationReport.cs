using System.Text;

namespace Sluice.Evaluation.Reports;

/// <summary>
/// Builds a checkpoint's report: <c>report.json</c>, <c>report.md</c> and the PNG charts, as files the evaluator
/// writes under <see cref="Sluice.Contracts.LakeKeys.EvaluationPrefix"/>, <c>evals/&lt;model&gt;/&lt;run&gt;/&lt;step:00000000&gt;/</c>.
/// </summary>
public static class EvaluationReport
{
    /// <summary>The machine-readable report's file name.</summary>
    public const string JsonFile = "report.json";

    /// <summary>The person's report's file name.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>Every file of the report: the charts first drawn, then <c>report.json</c> and <c>report.md</c> naming them.</summary>
    /// <param name="input">The report's data; its metrics include <see cref="MetricNames.BitsPerByte"/>.</param>
    /// <param name="chartOptions">Null for <see cref="ChartOptions.Default"/>.</param>
    public static IReadOnlyList<ReportFile> Build(EvaluationReportInput input, ChartOptions? chartOptions = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = PrimaryMetric(input);
        var charts = ReportCharts.Render(input, chartOptions);
        var names = charts.Select(c => c.Name).ToList();
        return
        [
            new ReportFile(JsonFile, Encoding.UTF8.GetBytes(ReportJson.Write(input, names)), "application/json"),
            new ReportFile(MarkdownFile, Encoding.UTF8.GetBytes(ReportMarkdown.Write(input, names)), "text/markdown; charset=utf-8"),
            .. charts,
        ];
    }

    internal static ReportMetric PrimaryMetric(EvaluationReportInput input)
    {
        var duplicate = input.Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The metric '{duplicate.Key}' is listed more than once.", nameof(input));
        }

        return input.Metrics.SingleOrDefault(m => m.Name == MetricNames.BitsPerByte)
            ?? throw new ArgumentException($"The report's metrics have no '{MetricNames.BitsPerByte}', the primary metric.", nameof(input));
    }
}

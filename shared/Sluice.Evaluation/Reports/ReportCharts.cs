using ScottPlot;

namespace Sluice.Evaluation.Reports;

/// <summary>
/// The report's PNG charts, drawn with ScottPlot: <c>loss.png</c> (training and validation loss over steps, when the
/// input has a loss curve) and <c>metric-&lt;name&gt;.png</c> for each metric across the line's evaluated checkpoints
/// (the history plus this one). The same input and font file give the same bytes.
/// </summary>
public static class ReportCharts
{
    /// <summary>The loss chart's file name.</summary>
    public const string LossChart = "loss.png";

    /// <summary>
    /// The file name of a metric's chart, kebab-case like the lake's keys: <c>metric-</c> and the name lower-cased with
    /// every character outside <c>[a-z0-9]</c> as <c>-</c> (<c>demo/rougeL</c> → <c>metric-demo-rougel.png</c>).
    /// </summary>
    public static string MetricChart(string metricName)
    {
        ArgumentNullException.ThrowIfNull(metricName);
        var safe = new string(metricName.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-').ToArray());
        return $"metric-{safe}.png";
    }

    /// <summary>Draws every chart for the input.</summary>
    public static IReadOnlyList<ReportFile> Render(EvaluationReportInput input, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= ChartOptions.Default;
        var files = new List<ReportFile>();
        var losses = LossChartPng(input.LossCurve, options);
        if (losses is not null)
        {
            files.Add(new ReportFile(LossChart, losses, "image/png"));
        }

        var clash = input.Metrics.GroupBy(m => MetricChart(m.Name), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"The metrics {string.Join(" and ", clash.Select(m => m.Name))} would share the chart {clash.Key}.", nameof(input));
        }

        foreach (var metric in input.Metrics)
        {
            var points = input.History
                .Where(h => h.Step != input.Step && h.Metrics.ContainsKey(metric.Name))
                .Select(h => (h.Step, Value: h.Metrics[metric.Name]))
                .Append((input.Step, metric.Value))
                .OrderBy(p => p.Item1)
                .ToList();
            files.Add(new ReportFile(MetricChart(metric.Name), MetricChartPng(metric, points, input.Step, options), "image/png"));
        }

        return files;
    }

    /// <summary>Training and validation loss over steps, or null when the curve is empty.</summary>
    public static byte[]? LossChartPng(IReadOnlyList<LossPoint> curve, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        options ??= ChartOptions.Default;
        var train = curve.Where(p => p.TrainLoss is { } v && double.IsFinite(v)).OrderBy(p => p.Step).ToList();
        var validation = curve.Where(p => p.ValidationLoss is { } v && double.IsFinite(v)).OrderBy(p => p.Step).ToList();
        if (train.Count == 0 && validation.Count == 0)
        {
            return null;
        }

        using var plot = NewPlot(options, "Loss over training", "step", "loss (nats per token)");
        if (train.Count > 0)
        {
            var line = plot.Add.ScatterLine(train.Select(p => (double)p.Step).ToArray(), train.Select(p => p.TrainLoss!.Value).ToArray());
            line.LegendText = "train";
            line.LineWidth = 1.5f;
        }

        if (validation.Count > 0)
        {
            var line = plot.Add.Scatter(validation.Select(p => (double)p.Step).ToArray(), validation.Select(p => p.ValidationLoss!.Value).ToArray());
            line.LegendText = "validation";
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(options.Width, options.Height, ImageFormat.Png);
    }

    private static byte[] MetricChartPng(ReportMetric metric, List<(long Step, double Value)> points, long currentStep, ChartOptions options)
    {
        var goal = metric.Goal switch
        {
            MetricGoal.LowerIsBetter => "lower is better",
            MetricGoal.HigherIsBetter => "higher is better",
            _ => "0.5 is best",
        };
        using var plot = NewPlot(options, $"{metric.Name} ({goal})", "checkpoint step", metric.Name);
        var finite = points.Where(p => double.IsFinite(p.Value)).ToList();
        var xs = finite.Select(p => (double)p.Step).ToArray();
        var ys = finite.Select(p => p.Value).ToArray();
        var series = plot.Add.Scatter(xs, ys);
        series.LineWidth = 2;
        series.MarkerSize = 7;
        series.LegendText = "evaluated checkpoints";
        if (finite.Any(p => p.Step == currentStep))
        {
            var current = finite.Single(p => p.Step == currentStep);
            var marker = plot.Add.Marker(current.Step, current.Value, MarkerShape.FilledDiamond, 14, Colors.OrangeRed);
            marker.LegendText = $"step {currentStep}";
        }

        if (metric.Goal == MetricGoal.CloserToHalfIsBetter)
        {
            var half = plot.Add.HorizontalLine(0.5, 1, Colors.Gray, LinePattern.Dashed);
            half.LegendText = "unbiased (0.5)";
        }

        SetLimits(plot, xs, metric.Goal == MetricGoal.CloserToHalfIsBetter ? [.. ys, 0.5] : ys);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(options.Width, options.Height, ImageFormat.Png);
    }

    // Limits set from the data rather than left to autoscaling: a single checkpoint still gets a readable span, and
    // the 0.5 line of a bias share is always in view.
    private static void SetLimits(Plot plot, double[] xs, double[] ys)
    {
        if (xs.Length == 0 || ys.Length == 0)
        {
            return;
        }

        var (left, right) = (xs.Min(), xs.Max());
        if (left == right)
        {
            (left, right) = left > 0 ? (0, 2 * left) : (left - 1, left + 1);
        }

        var (bottom, top) = (ys.Min(), ys.Max());
        var pad = top > bottom ? (top - bottom) * 0.08 : Math.Max(Math.Abs(top) * 0.1, 0.1);
        var xPad = (right - left) * 0.04;
        plot.Axes.SetLimits(left - xPad, right + xPad, bottom - pad, top + pad);
    }

    private static Plot NewPlot(ChartOptions options, string title, string xLabel, string yLabel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Width, 100, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Height, 100, nameof(options));
        var family = ChartFont.FamilyFor(options);
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Font.Set(family);
        return plot;
    }
}

using System.Globalization;
using System.Text;
using Sluice.Evaluation.Gate;

namespace Sluice.Evaluation.Reports;

/// <summary>
/// <c>report.md</c>: the report a person reads: the verdict, the primary metric against the baseline, a table of
/// every metric with its change against the line's current best, the evaluation sets and their problems, the sample
/// generations and the charts (PNG files beside it, linked).
/// </summary>
public static class ReportMarkdown
{
    /// <summary>The report as Markdown text.</summary>
    /// <param name="input">The report's data.</param>
    /// <param name="chartFiles">The chart file names written beside it.</param>
    public static string Write(EvaluationReportInput input, IReadOnlyList<string> chartFiles)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(chartFiles);
        var primary = EvaluationReport.PrimaryMetric(input);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Evaluation of {Inline(input.Model)}, run {Inline(input.Run)}, step {input.Step}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Evaluated {input.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.\n\n");

        var verdict = input.Gate.Verdict == GateVerdict.Promote ? "**Promoted**" : "**Declined**";
        md.Append(CultureInfo.InvariantCulture, $"{verdict}: {input.Gate.Reason}\n\n");

        var baseline = input.Baseline.BitsPerByte;
        var beats = primary.Value < baseline;
        md.Append(CultureInfo.InvariantCulture,
            $"Bits per byte (the primary metric, lower is better): **{Number(primary.Value)}**; the unigram baseline scores {Number(baseline)} "
            + $"on the same validation text, so the model is {Number(Math.Abs(primary.Value - baseline))} bits per byte "
            + $"{(beats ? "better than" : "no better than")} the baseline.\n\n");

        md.Append("## Metrics\n\n");
        md.Append(input.CurrentBest is { } best
            ? $"Deltas are against the line's current best, step {best.Step.ToString(CultureInfo.InvariantCulture)}.\n\n"
            : "This is the line's first evaluated checkpoint: there is no best to compare with.\n\n");
        md.Append("| metric | value | best so far | Δ | | goal | sample |\n");
        md.Append("| --- | ---: | ---: | ---: | --- | --- | ---: |\n");
        foreach (var c in MetricComparison.Against(input.Metrics, input.CurrentBest))
        {
            var sign = c.Improved switch { true => "better", false when c.Delta == 0 => "same", false => "worse", null => "" };
            var goal = c.Metric.Goal switch
            {
                MetricGoal.LowerIsBetter => "lower",
                MetricGoal.HigherIsBetter => "higher",
                _ => "0.5",
            };
            var sample = c.Metric.SampleSize is { } n ? $"{n.ToString(CultureInfo.InvariantCulture)} {c.Metric.SampleUnit}".TrimEnd() : "";
            md.Append(CultureInfo.InvariantCulture,
                $"| {Cell(c.Metric.Name)} | {Number(c.Metric.Value)} | {Number(c.Best)} | {Delta(c.Delta)} | {sign} | {goal} | {sample} |\n");
        }

        md.Append('\n');
        if (input.EvalSets.Count > 0)
        {
            md.Append("## Evaluation sets\n\n");
            foreach (var set in input.EvalSets)
            {
                var state = set.Used ? "scored" : "**not scored**";
                md.Append(CultureInfo.InvariantCulture, $"- `{set.Key}` ({set.Kind}): {set.Items} valid items, {state}");
                md.Append(set.Problems.Count == 0 ? ".\n" : $"; {set.Problems.Count} problem(s):\n");
                foreach (var problem in set.Problems)
                {
                    md.Append(CultureInfo.InvariantCulture, $"  - {Inline(problem)}\n");
                }
            }

            md.Append('\n');
        }

        if (input.Samples.Count > 0)
        {
            md.Append("## Sample generations\n\n");
            for (var i = 0; i < input.Samples.Count; i++)
            {
                var sample = input.Samples[i];
                md.Append(CultureInfo.InvariantCulture, $"{i + 1}. Prompt:\n\n");
                Fenced(md, sample.Prompt);
                md.Append("   Generation:\n\n");
                Fenced(md, sample.Generation);
            }
        }

        if (chartFiles.Count > 0)
        {
            md.Append("## Charts\n\n");
            md.Append("The charts are PNG files in this folder.\n\n");
            foreach (var chart in chartFiles)
            {
                md.Append(CultureInfo.InvariantCulture, $"![{chart}]({chart})\n\n");
            }
        }

        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static string Number(double? value) => value switch
    {
        null => "",
        { } v when !double.IsFinite(v) => v.ToString(CultureInfo.InvariantCulture),
        { } v when v != 0 && Math.Abs(v) < 1e-3 => v.ToString("0.###e+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    private static string Delta(double? value) => value is { } v && double.IsFinite(v) && v > 0 ? "+" + Number(v) : Number(value);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    // A fence longer than any run of backticks in the text, so generated text cannot close it.
    private static void Fenced(StringBuilder md, string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        md.Append("   ").Append(fence).Append("text\n");
        foreach (var line in text.Split('\n'))
        {
            md.Append("   ").Append(line.TrimEnd('\r')).Append('\n');
        }

        md.Append("   ").Append(fence).Append("\n\n");
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Evaluation.Gate;
using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Reports;

/// <summary>
/// <c>report.json</c>: the machine-readable report (layout in docs/evaluation.md; <c>schema</c> is 1). Numbers are
/// written as the shortest text that reads back to the same double; a value that is not finite is written as null.
/// </summary>
public static class ReportJson
{
    /// <summary>The layout version written in <c>schema</c>.</summary>
    public const int Schema = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report as UTF-8 JSON text.</summary>
    /// <param name="input">The report's data.</param>
    /// <param name="chartFiles">The chart file names written beside it.</param>
    public static string Write(EvaluationReportInput input, IReadOnlyList<string> chartFiles)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(chartFiles);
        var primary = EvaluationReport.PrimaryMetric(input);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("schema", Schema);
            json.WriteString("model", input.Model);
            json.WriteString("run", input.Run);
            json.WriteNumber("step", input.Step);
            json.WriteString("evaluated_at", input.EvaluatedAt);

            json.WriteStartObject("primary_metric");
            json.WriteString("name", primary.Name);
            Number(json, "value", primary.Value);
            json.WriteString("goal", Goal(primary.Goal));
            json.WriteEndObject();

            WriteVerdict(json, input.Gate);
            WriteBaseline(json, input.Baseline, primary.Value);

            json.WriteStartObject("current_best");
            if (input.CurrentBest is { } best)
            {
                json.WriteNumber("step", best.Step);
            }
            else
            {
                json.WriteNull("step");
            }

            json.WriteEndObject();

            json.WriteStartArray("metrics");
            foreach (var c in MetricComparison.Against(input.Metrics, input.CurrentBest))
            {
                json.WriteStartObject();
                json.WriteString("name", c.Metric.Name);
                Number(json, "value", c.Metric.Value);
                json.WriteString("goal", Goal(c.Metric.Goal));
                Number(json, "best", c.Best);
                Number(json, "delta", c.Delta);
                if (c.Improved is { } improved)
                {
                    json.WriteBoolean("improved", improved);
                }
                else
                {
                    json.WriteNull("improved");
                }

                Number(json, "sample_size", c.Metric.SampleSize);
                Text(json, "sample_unit", c.Metric.SampleUnit);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("samples");
            foreach (var sample in input.Samples)
            {
                json.WriteStartObject();
                json.WriteString("prompt", sample.Prompt);
                json.WriteString("generation", sample.Generation);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("eval_sets");
            foreach (var set in input.EvalSets)
            {
                json.WriteStartObject();
                json.WriteString("key", set.Key);
                json.WriteString("name", set.Name);
                json.WriteString("kind", set.Kind);
                json.WriteNumber("items", set.Items);
                json.WriteBoolean("used", set.Used);
                json.WriteStartArray("problems");
                foreach (var problem in set.Problems)
                {
                    json.WriteStringValue(problem);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("charts");
            foreach (var chart in chartFiles)
            {
                json.WriteStringValue(chart);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteVerdict(Utf8JsonWriter json, GateDecision gate)
    {
        json.WriteStartObject("verdict");
        json.WriteString("decision", gate.Verdict == GateVerdict.Promote ? "promote" : "decline");
        Number(json, "candidate", gate.Candidate);
        Number(json, "current_best", gate.CurrentBest);
        Number(json, "delta", gate.Delta);
        Number(json, "relative_delta", gate.RelativeDelta);
        Number(json, "minimum_relative_improvement", gate.MinimumRelativeImprovement);
        json.WriteString("reason", gate.Reason);
        json.WriteEndObject();
    }

    private static void WriteBaseline(Utf8JsonWriter json, LanguageModelScores baseline, double modelBitsPerByte)
    {
        json.WriteStartObject("baseline");
        json.WriteString("name", "unigram (add-one smoothing, fitted on the training split)");
        Number(json, "bits_per_byte", baseline.BitsPerByte);
        Number(json, "loss", baseline.Loss);
        Number(json, "token_perplexity", baseline.TokenPerplexity);
        json.WriteNumber("tokens", baseline.Tokens);
        json.WriteNumber("bytes", baseline.Bytes);
        Number(json, "model_minus_baseline_bits_per_byte", modelBitsPerByte - baseline.BitsPerByte);
        json.WriteBoolean("model_beats_baseline", modelBitsPerByte < baseline.BitsPerByte);
        json.WriteEndObject();
    }

    private static string Goal(MetricGoal goal) => goal switch
    {
        MetricGoal.LowerIsBetter => "lower_is_better",
        MetricGoal.HigherIsBetter => "higher_is_better",
        _ => "closer_to_half_is_better",
    };

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Sluice.Evaluation.EvaluationSets;
using Sluice.Evaluation.Gate;
using Sluice.Evaluation.Metrics;
using Sluice.Evaluation.Reports;
using SkiaSharp;

namespace Sluice.Evaluation.Tests;

public class ReportTests
{
    [Fact]
    public void The_json_report_holds_metrics_deltas_verdict_baseline_samples_and_sets()
    {
        var files = EvaluationReport.Build(Input());
        using var json = JsonDocument.Parse(files.Single(f => f.Name == "report.json").Content);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal(3000, root.GetProperty("step").GetInt64());
        Assert.Equal("promote", root.GetProperty("verdict").GetProperty("decision").GetString());
        Assert.Equal(2000, root.GetProperty("current_best").GetProperty("step").GetInt64());

        var primary = root.GetProperty("primary_metric");
        Assert.Equal("bits_per_byte", primary.GetProperty("name").GetString());
        Assert.Equal(1.5, primary.GetProperty("value").GetDouble());

        var metrics = root.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        var bpb = metrics["bits_per_byte"];
        Assert.Equal(1.6, bpb.GetProperty("best").GetDouble());
        Assert.Equal(1.5 - 1.6, bpb.GetProperty("delta").GetDouble(), 12);
        Assert.True(bpb.GetProperty("improved").GetBoolean());
        var bleu = metrics["demo/bleu"];
        Assert.False(bleu.GetProperty("improved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, metrics["demo/f1"].GetProperty("best").ValueKind);
        Assert.Equal(4, metrics["demo/f1"].GetProperty("sample_size").GetInt64());

        var baseline = root.GetProperty("baseline");
        Assert.True(baseline.GetProperty("model_beats_baseline").GetBoolean());
        Assert.Equal(4.0, baseline.GetProperty("bits_per_byte").GetDouble(), 12);
        Assert.Equal(2, root.GetProperty("samples").GetArrayLength());
        var sets = root.GetProperty("eval_sets").EnumerateArray().ToList();
        Assert.Equal(5, sets.Count);
        Assert.Contains(sets, s => !s.GetProperty("used").GetBoolean() && s.GetProperty("problems").GetArrayLength() == 1);
        Assert.Contains("loss.png", root.GetProperty("charts").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void The_markdown_report_has_the_verdict_the_table_the_generations_and_the_charts()
    {
        var files = EvaluationReport.Build(Input());
        var md = Encoding.UTF8.GetString(files.Single(f => f.Name == "report.md").Content);
        Assert.Contains("**Promoted**", md, StringComparison.Ordinal);
        Assert.Contains("| bits_per_byte | 1.5000 | 1.6000 | -0.1000 | better | lower | 1000 bytes |", md, StringComparison.Ordinal);
        Assert.Contains("| demo/bleu | 20.0000 | 25.0000 | -5.0000 | worse | higher | 4 items |", md, StringComparison.Ordinal);
        Assert.Contains("the unigram baseline scores 4.0000", md, StringComparison.Ordinal);
        Assert.Contains("evalsets/broken.qa.jsonl:1: answers: missing; it is required.", md, StringComparison.Ordinal);
        // A generation holding a code fence is put in a longer fence, so it cannot end the block.
        Assert.Contains("   ````text\n   a fence ``` inside\n   ````", md, StringComparison.Ordinal);
        Assert.Contains("![loss.png](loss.png)", md, StringComparison.Ordinal);
        Assert.Contains("![metric-demo-bleu.png](metric-demo-bleu.png)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Charts_are_valid_pngs_of_the_configured_size()
    {
        var options = new ChartOptions { Width = 640, Height = 360 };
        var charts = ReportCharts.Render(Input(), options);
        Assert.Equal(1 + Input().Metrics.Count, charts.Count);
        Assert.Equal("loss.png", charts[0].Name);
        foreach (var chart in charts)
        {
            var png = chart.Content;
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
            Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
            Assert.Equal(360, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal((640, 360), (bitmap.Width, bitmap.Height));
        }
    }

    [Fact]
    public void The_same_input_draws_the_same_bytes()
    {
        var first = EvaluationReport.Build(Input());
        var second = EvaluationReport.Build(Input());
        Assert.Equal(first.Select(f => f.Name), second.Select(f => f.Name));
        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.Content, pair.Second.Content));
    }

    [Fact]
    public void The_text_is_drawn_with_the_font_file()
    {
        // A chart drawn with another font file differs: the text comes from the file, not from a system lookup.
        var serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
        Assert.True(File.Exists(serif), "fonts-dejavu-core (in the base Debian 12 image) is missing");
        var sans = ReportCharts.LossChartPng(Input().LossCurve)!;
        var other = ReportCharts.LossChartPng(Input().LossCurve, new ChartOptions { FontFile = serif })!;
        Assert.NotEqual(sans, other);
        Assert.Throws<FileNotFoundException>(() => ReportCharts.LossChartPng(Input().LossCurve, new ChartOptions { FontFile = "/nonexistent/font.ttf" }));
    }

    [Fact]
    public void A_report_needs_bits_per_byte_and_chart_names_are_kebab_case_and_distinct()
    {
        var input = Input() with { Metrics = [new ReportMetric("loss", 2.0, MetricGoal.LowerIsBetter)] };
        Assert.Throws<ArgumentException>(() => EvaluationReport.Build(input));
        Assert.Equal("metric-demo-rougel.png", ReportCharts.MetricChart("demo/rougeL"));
        var clash = Input() with { Metrics = [.. Input().Metrics, new ReportMetric("bits-per-byte", 1, MetricGoal.LowerIsBetter)] };
        Assert.Throws<ArgumentException>(() => EvaluationReport.Build(clash));
    }

    internal static EvaluationReportInput Input()
    {
        var sets = ExampleSets.LoadAll().Select(EvalSetSummary.From).ToList();
        var broken = EvalSetLoader.Load(EvalSetKey.For("broken", EvalSetKind.QuestionAnswering), """{"question": "Why?"}"""u8);
        sets.Add(EvalSetSummary.From(broken));
        List<ReportMetric> metrics =
        [
            new(MetricNames.BitsPerByte, 1.5, MetricGoal.LowerIsBetter, 1000, "bytes"),
            new(MetricNames.Loss, 3.2, MetricGoal.LowerIsBetter, 400, "tokens"),
            new("demo/bleu", 20.0, MetricGoal.HigherIsBetter, 4, "items"),
            new("demo/f1", 0.5, MetricGoal.HigherIsBetter, 4, "items"),
            new("demo/stereotype_share", 0.75, MetricGoal.CloserToHalfIsBetter, 4, "pairs"),
        ];
        return new EvaluationReportInput
        {
            Model = "tiny",
            Run = "run-7",
            Step = 3000,
            EvaluatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Metrics = metrics,
            // 4000 nats over 1000 bytes: 4000 / (1000 ln 2) bits per byte; scaled to exactly 4.
            Baseline = LanguageModelScores.FromCounts(4 * 1000 * Math.Log(2), 400, null, 1000),
            Gate = RegressionGate.Decide(1.5, 1.6),
            CurrentBest = new CheckpointMetrics(2000, new Dictionary<string, double> { ["bits_per_byte"] = 1.6, ["loss"] = 3.3, ["demo/bleu"] = 25.0 }),
            History =
            [
                new CheckpointMetrics(1000, new Dictionary<string, double> { ["bits_per_byte"] = 2.1, ["loss"] = 4.0, ["demo/bleu"] = 12.0 }),
                new CheckpointMetrics(2000, new Dictionary<string, double> { ["bits_per_byte"] = 1.6, ["loss"] = 3.3, ["demo/bleu"] = 25.0 }),
            ],
            LossCurve = Enumerable.Range(0, 31).Select(i => new LossPoint(i * 100, 6.0 * Math.Exp(-i / 10.0) + 2.8, i % 5 == 0 ? 6.1 * Math.Exp(-i / 10.0) + 3.0 : null)).ToList(),
            Samples =
            [
                new GenerationSample("Before the guests arrived, she", " filled the kettle and set out the cups."),
                new GenerationSample("Write code:", "a fence ``` inside"),
            ],
            EvalSets = sets,
        };
    }
}

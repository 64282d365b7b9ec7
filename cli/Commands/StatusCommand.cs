using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Parquet;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary>
/// <c>sluice status</c>: per stage what is done, removed, refused and (on a running stack) in flight and failed in the
/// <c>_error</c> queue; each model line's current run and its last evaluation. Reads the lake (and the broker's
/// management API when the settings name a RabbitMQ broker).
/// </summary>
internal static class StatusCommand
{
    private static readonly string[] Stages = ["ingest", "dedupe", "safety-filter", "tokenize", "trainer", "evaluator"];

    public static Command Create()
    {
        var command = new Command("status", "Show what each stage has done, removed and refused (and, on a running stack, has in flight and failed), each model line's run and its last evaluation.");
        var location = LakeLocation.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return await location.RunAsync(parse, "status", async lake =>
            {
                var lineage = await LakeLineage.ReadAsync(lake, cancellationToken);
                IReadOnlyDictionary<string, QueueDepth>? queues = null;
                string? brokerProblem = null;
                if (location.Settings(parse) is { } settings && settings["Bus:Transport"] is { } transport && transport.Equals("RabbitMq", StringComparison.OrdinalIgnoreCase))
                {
                    var rabbit = new RabbitMqOptions();
                    settings.GetSection("Bus:RabbitMq").Bind(rabbit);
                    try
                    {
                        queues = await BrokerQueues.ReadAsync(rabbit, Stages, cancellationToken);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                    {
                        brokerProblem = $"the broker's queues could not be read ({e.Message})";
                    }
                }

                var text = new StringBuilder();
                text.AppendLine(CultureInfo.InvariantCulture, $"lake {lake.Description}");
                await AppendStagesAsync(lake, lineage, queues, text, cancellationToken);
                if (brokerProblem is not null)
                {
                    text.AppendLine(brokerProblem);
                }
                else if (queues is null)
                {
                    text.AppendLine("(no broker: in flight and _error are shown for a running stack, with --env-file)");
                }

                await AppendLinesAsync(lake, lineage, text, cancellationToken);
                await output.WriteAsync(text.ToString());
                return 0;
            });
        });
        return command;
    }

    private static async Task AppendStagesAsync(IObjectStore lake, LakeLineage lineage, IReadOnlyDictionary<string, QueueDepth>? queues, StringBuilder text, CancellationToken cancellationToken)
    {
        var sources = await CountAsync(lake, "state/ingest/sources/", k => k.EndsWith(".json", StringComparison.Ordinal), cancellationToken);
        var tokenShards = await CountAsync(lake, "tokens/", k => k.EndsWith(".bin", StringComparison.Ordinal), cancellationToken);
        var done = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ingest"] = $"{sources} source(s), {Shards(lineage, "ingest")} shard(s)",
            ["dedupe"] = $"{Shards(lineage, "dedupe")} shard(s)",
            ["safety-filter"] = $"{Shards(lineage, "safety-filter")} shard(s)",
            ["tokenize"] = $"{tokenShards} token shard(s)",
            ["trainer"] = $"{lineage.Datasets.Count} dataset(s), {lineage.Checkpoints.Count} checkpoint(s)",
            ["evaluator"] = $"{lineage.Evaluations.Count} evaluation(s)",
        };
        var rows = new List<string[]> { new[] { "STAGE", "DONE", "REMOVED", "REFUSED", "IN FLIGHT", "_ERROR" } };
        foreach (var stage in Stages)
        {
            var removed = lineage.Shards.Where(s => s.Stage == stage && s.Reason is not null).Sum(s => s.Rows);
            var refused = lineage.Refused.Count(r => r.Stage == stage);
            var queue = queues?.GetValueOrDefault(stage);
            rows.Add([
                stage,
                done[stage],
                removed.ToString(CultureInfo.InvariantCulture),
                refused.ToString(CultureInfo.InvariantCulture),
                queue is null ? "-" : $"{queue.Ready + queue.Unacknowledged} ({queue.Consumers} consumer(s))",
                queue is null ? "-" : queue.Errors.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static async Task AppendLinesAsync(IObjectStore lake, LakeLineage lineage, StringBuilder text, CancellationToken cancellationToken)
    {
        var models = lineage.Datasets.Keys.Select(k => LakeLineage.DatasetOf(k).Model)
            .Concat(lineage.Checkpoints.Select(c => c.Split('/')[1]))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            text.AppendLine("no model line has trained yet");
            return;
        }

        foreach (var model in models)
        {
            var versions = lineage.Datasets.Keys.Select(LakeLineage.DatasetOf).Where(d => d.Model == model).Select(d => d.Version).ToList();
            var latest = versions.Count == 0 ? 0 : versions.Max();
            var run = DatasetManifest.RunIdOf(Math.Max(latest, 1));
            var checkpoint = lineage.Checkpoints.Where(c => c.StartsWith($"checkpoints/{model}/{run}/", StringComparison.Ordinal)).LastOrDefault();
            var progress = "no checkpoint yet";
            if (checkpoint is not null)
            {
                var training = await ReadJsonAsync(lake, checkpoint + "training.json", cancellationToken);
                var step = training?["position"]?["step"]?.GetValue<long>();
                var maxSteps = training?["options"]?["maxSteps"]?.GetValue<long>();
                progress = step is null ? $"checkpoint {checkpoint}"
                    : $"step {step}/{maxSteps} ({100.0 * step.Value / Math.Max(1, maxSteps ?? step.Value):0}%){(step == maxSteps ? ", finished" : string.Empty)}, checkpoint {checkpoint}";
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"model {model}: dataset version {latest}, {run}: {progress}");
            var report = lineage.Evaluations.Where(e => e.StartsWith($"evals/{model}/", StringComparison.Ordinal)).LastOrDefault();
            if (report is null)
            {
                text.AppendLine("  last evaluation: none yet");
                continue;
            }

            var json = await ReadJsonAsync(lake, report, cancellationToken);
            var metric = json?["primary_metric"]?["name"]?.GetValue<string>() ?? "bits_per_byte";
            var value = json?["primary_metric"]?["value"]?.GetValue<double>();
            var baseline = json?["baseline"]?["bits_per_byte"]?.GetValue<double>();
            var decision = json?["verdict"]?["decision"]?.GetValue<string>();
            text.AppendLine(CultureInfo.InvariantCulture, $"  last evaluation: {report}: {metric} {value:0.0000}{(baseline is null ? string.Empty : $" (unigram baseline {baseline:0.0000})")}, {decision ?? "no verdict"}");
            if (await ReadJsonAsync(lake, LakeKeys.BestCheckpoint(model), cancellationToken) is { } best)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  best: {best["runId"]?.GetValue<string>()} step {best["step"]?.GetValue<long>()}, {best["metric"]?.GetValue<string>()} {best["value"]?.GetValue<double>():0.0000}");
            }
        }
    }

    private static long Shards(LakeLineage lineage, string stage) => lineage.Shards.Count(s => s.Stage == stage && s.Reason is null);

    private static async Task<long> CountAsync(IObjectStore lake, string prefix, Func<string, bool> keep, CancellationToken cancellationToken)
    {
        var count = 0L;
        await foreach (var item in lake.ListAsync(prefix, cancellationToken))
        {
            count += keep(item.Key) ? 1 : 0;
        }

        return count;
    }

    private static async Task<JsonNode?> ReadJsonAsync(IObjectStore lake, string key, CancellationToken cancellationToken) =>
        await new LakeFiles(lake).ReadBytesAsync(key, cancellationToken) is { } bytes ? JsonNode.Parse(bytes) : null;
}

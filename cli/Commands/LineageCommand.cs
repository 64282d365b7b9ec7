using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Parquet;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary>
/// <c>sluice lineage &lt;source key | document id | checkpoint&gt;</c>: forward from a dropped object to every shard,
/// dataset, checkpoint and evaluation it reached; from a document id to every shard that holds it or the record of
/// its removal; backward from a checkpoint to its dataset and the dropped objects. It reads what the stages recorded
/// (shard footers, quarantine records, dataset manifests) and recomputes nothing.
/// </summary>
internal static class LineageCommand
{
    public static Command Create()
    {
        var what = new Argument<string>("what") { Description = "A dropped object's key, a document id (32 hex digits), or a checkpoint (checkpoints/<model>/<run>/<step>/ or its manifest, or its evals/… report)." };
        var command = new Command("lineage", "Follow a dropped object, a document or a checkpoint through the lake, from what the stages recorded.") { what };
        var location = LakeLocation.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return await location.RunAsync(parse, "lineage", async lake =>
            {
                var target = parse.GetValue(what)!.Trim();
                var lineage = await LakeLineage.ReadAsync(lake, cancellationToken);
                var text = new StringBuilder();
                bool found;
                if (target.StartsWith("checkpoints/", StringComparison.Ordinal) || target.StartsWith("evals/", StringComparison.Ordinal))
                {
                    found = Backward(lineage, CheckpointFolder(target), text);
                }
                else if (target.Length == 32 && target.All(char.IsAsciiHexDigitLower))
                {
                    found = await DocumentAsync(lineage, target, text, cancellationToken);
                }
                else
                {
                    found = Forward(lineage, target, text);
                }

                await output.WriteAsync(text.ToString());
                if (!found)
                {
                    await error.WriteLineAsync($"sluice lineage: the lake records nothing for {target}");
                    return 1;
                }

                return 0;
            });
        });
        return command;
    }

    private static string CheckpointFolder(string target)
    {
        var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 4 ? $"checkpoints/{parts[1]}/{parts[2]}/{parts[3]}/" : target;
    }

    /// <summary>From a dropped object to everything made from it.</summary>
    private static bool Forward(LakeLineage lineage, string source, StringBuilder text)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"source {source}");
        var found = Walk(lineage, source, 1, text);
        var tokens = lineage.Datasets.SelectMany(d => d.Value.Shards.Where(s => s.Source.Key == source).Select(s => (Dataset: d.Key, Shard: s))).ToList();
        found |= tokens.Count > 0;
        foreach (var group in tokens.GroupBy(t => t.Dataset))
        {
            var (model, version) = LakeLineage.DatasetOf(group.Key);
            text.AppendLine(CultureInfo.InvariantCulture, $"  dataset {group.Key} (model {model}, version {version}): {group.Count()} token shard(s), {group.Sum(t => t.Shard.Tokens.RecordCount)} tokens");
            AppendRun(lineage, model, version, "    ", text);
        }

        return found;
    }

    private static bool Walk(LakeLineage lineage, string input, int depth, StringBuilder text)
    {
        var indent = new string(' ', depth * 2);
        var found = false;
        foreach (var rejection in lineage.RejectionsOf(input))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{rejection}");
            found = true;
        }

        foreach (var shard in lineage.DocumentsFrom(input))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{shard.Stage} → {shard.Key} ({shard.Rows} documents)");
            found = true;
            var inDatasets = lineage.Datasets.Values.SelectMany(d => d.Shards).Where(s => s.CleanedShard == shard.Key).Select(s => s.Tokens).DistinctBy(t => t.Key).ToList();
            foreach (var tokenShard in inDatasets.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{indent}  tokenize → {tokenShard.Key} ({tokenShard.RecordCount} tokens)");
            }

            // Token shards no dataset includes yet (the trainer has not run since): linked by the input hash in their key.
            if (shard.Stage == "safety-filter" && lineage.TokenShardsByInput.GetValueOrDefault(shard.Sha256[..32]) is { } waiting)
            {
                foreach (var key in waiting.Where(k => inDatasets.All(t => t.Key != k)).Order(StringComparer.Ordinal))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"{indent}  tokenize → {key} (in no dataset yet)");
                }
            }

            Walk(lineage, shard.Key, depth + 1, text);
        }

        return found;
    }

    /// <summary>From a checkpoint back to its dataset, its evaluation and the dropped objects.</summary>
    private static bool Backward(LakeLineage lineage, string checkpoint, StringBuilder text)
    {
        if (!lineage.Checkpoints.Contains(checkpoint))
        {
            return false;
        }

        var parts = checkpoint.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (model, run) = (parts[1], parts[2]);
        text.AppendLine(CultureInfo.InvariantCulture, $"checkpoint {checkpoint}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  evaluation: {lineage.EvaluationOf(checkpoint) ?? "not evaluated"}");
        if (!run.StartsWith("run-", StringComparison.Ordinal) || !int.TryParse(run[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !lineage.Datasets.TryGetValue(LakeKeys.DatasetManifest(model, version), out var dataset))
        {
            text.AppendLine("  dataset: not in the lake (a run trained outside the pipeline)");
            return true;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  dataset {LakeKeys.DatasetManifest(model, version)}: tokenizer {dataset.TokenizerId[..12]}, {dataset.Shards.Count} token shard(s), {dataset.TrainTokens} train and {dataset.ValidationTokens} validation tokens");
        foreach (var source in dataset.Shards.GroupBy(s => s.Source.Key).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    source {source.Key} (sha256 {source.First().Source.Sha256[..12]})");
            foreach (var shard in source.OrderBy(s => s.Tokens.Key, StringComparer.Ordinal))
            {
                var chain = new List<string> { shard.Tokens.Key };
                for (var key = shard.CleanedShard; key != source.Key && lineage.Shard(key) is { } step; key = step.Input)
                {
                    chain.Add(key);
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"      {string.Join(" ← ", chain)} ← {source.Key}");
            }
        }

        return true;
    }

    /// <summary>Where one document is: every shard that holds it, or the record of its removal.</summary>
    private static async Task<bool> DocumentAsync(LakeLineage lineage, string id, StringBuilder text, CancellationToken cancellationToken)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"document {id}");
        var found = false;
        foreach (var shard in lineage.Shards.OrderBy(s => StageOrder(s.Key)).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            using var content = await LakeLineage.ReadObjectAsync(lineage.Lake, shard.Key, cancellationToken);
            if (shard.Reason is null)
            {
                var row = 0L;
                foreach (var document in DocumentShardReader.ReadDocuments(content, shard.Key))
                {
                    if (document.Id == id)
                    {
                        text.AppendLine(CultureInfo.InvariantCulture, $"  {shard.Stage}: kept in {shard.Key}#row={row} (source {document.Source})");
                        found = true;
                        foreach (var tokens in lineage.Datasets.Values.SelectMany(d => d.Shards).Where(s => s.CleanedShard == shard.Key).Select(s => s.Tokens.Key).Distinct().Order(StringComparer.Ordinal))
                        {
                            text.AppendLine(CultureInfo.InvariantCulture, $"  tokenize: in {tokens}");
                        }
                    }

                    row++;
                }
            }
            else
            {
                foreach (var record in DocumentShardReader.ReadRejected(content, shard.Key).Where(r => r.Id == id))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {record.Stage}: removed ({record.Reason}): {record.Detail} [{shard.Key}, at {record.Locator}]");
                    found = true;
                }
            }
        }

        return found;
    }

    private static int StageOrder(string key) =>
        key.StartsWith("docs/raw/", StringComparison.Ordinal) ? 0
        : key.StartsWith("docs/dedup/", StringComparison.Ordinal) || key.StartsWith("rejected/dedupe/", StringComparison.Ordinal) ? 1
        : key.StartsWith("docs/clean/", StringComparison.Ordinal) || key.StartsWith("rejected/safety-filter/", StringComparison.Ordinal) ? 2
        : key.StartsWith("rejected/ingest/", StringComparison.Ordinal) ? 0 : 3;

    private static void AppendRun(LakeLineage lineage, string model, int version, string indent, StringBuilder text)
    {
        var checkpoints = lineage.CheckpointsOf(model, version).ToList();
        if (checkpoints.Count == 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}no checkpoint of {DatasetManifest.RunIdOf(version)} in the lake");
        }

        foreach (var checkpoint in checkpoints)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}checkpoint {checkpoint}{(lineage.EvaluationOf(checkpoint) is { } report ? $" → evaluated: {report}" : string.Empty)}");
        }
    }
}

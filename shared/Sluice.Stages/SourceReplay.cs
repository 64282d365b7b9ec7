using System.Text;
using System.Text.Json;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>
/// Finds what re-running one dropped object from a stage must announce, from what the lake records and nothing else:
/// ingest's ledger entry for the source (its document shards), then, layer by layer, the shards whose footer names an
/// earlier shard as input. Where a layer holds outputs of several configurations of one stage (an earlier re-run), the
/// most recently written configuration's are used: they are what the stage's current settings made.
/// </summary>
public sealed class SourceReplay(IObjectStore lake, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Plans re-running <paramref name="sourceKey"/> from <paramref name="fromStage"/> (a stage after ingest).</summary>
    /// <param name="sourceKey">The dropped object's key.</param>
    /// <param name="fromStage"><c>dedupe</c>, <c>safety-filter</c> or <c>tokenize</c>.</param>
    /// <param name="ingestConfigHash">Ingest's configuration: its ledger entry is preferred when the source was ingested under several.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<ReplayPlan> PlanAsync(string sourceKey, string fromStage, string? ingestConfigHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        var depth = fromStage switch
        {
            "dedupe" => 0,
            "safety-filter" => 1,
            "tokenize" => 2,
            _ => -1,
        };
        if (depth < 0)
        {
            return new ReplayPlan
            {
                FromStage = fromStage,
                Refusal = $"'{fromStage}' is not a stage a source can be re-run from after ingest (dedupe, safety-filter, tokenize)",
            };
        }

        var ingested = await FindIngestedAsync(sourceKey, ingestConfigHash, cancellationToken).ConfigureAwait(false);
        if (ingested is null)
        {
            return new ReplayPlan
            {
                FromStage = fromStage,
                Refusal = $"the lake records nothing ingested from '{sourceKey}'; re-run it from ingest, or drop it",
            };
        }

        var now = clock.GetUtcNow();
        if (depth == 0)
        {
            var arrived = new List<DataArrived>();
            for (var i = 0; i < ingested.DocumentShards.Count; i++)
            {
                var shard = ingested.DocumentShards[i];
                arrived.Add(new DataArrived
                {
                    Source = ingested.Source,
                    Shard = shard,
                    ShardIndex = i,
                    ShardCount = ingested.DocumentShards.Count,
                    TextByteCount = await TextBytesAsync(shard.Key, cancellationToken).ConfigureAwait(false),
                    StageConfigHash = ingested.StageConfigHash,
                    Rerun = true,
                    OccurredAt = now,
                });
            }

            return Planned(fromStage, ingested.Source, arrived, [], [], []);
        }

        // Each raw shard's dedupe output, then (for tokenize) each of those's safety-filter output.
        var skipped = new List<string>();
        var dedup = await OutputsAsync(LakeKeys.DedupLayer, "dedupe", ingested.DocumentShards, skipped, cancellationToken).ConfigureAwait(false);
        if (depth == 1)
        {
            return Planned(fromStage, ingested.Source, [], dedup.Select(d => new Deduplicated
            {
                Source = ingested.Source,
                Input = d.Input,
                Output = d.Output,
                TextByteCount = d.TextBytes,
                StageConfigHash = d.ConfigHash,
                Rerun = true,
                OccurredAt = now,
            }).ToList(), [], skipped);
        }

        var clean = await OutputsAsync(LakeKeys.CleanLayer, "safety-filter", dedup.Select(d => d.Output).ToList(), skipped, cancellationToken).ConfigureAwait(false);
        return Planned(fromStage, ingested.Source, [], [], clean.Select(c => new Cleaned
        {
            Source = ingested.Source,
            Input = c.Input,
            Output = c.Output,
            TextByteCount = c.TextBytes,
            StageConfigHash = c.ConfigHash,
            Rerun = true,
            OccurredAt = now,
        }).ToList(), skipped);
    }

    private static ReplayPlan Planned(string fromStage, SourceObjectRef source, List<DataArrived> arrived, List<Deduplicated> deduplicated, List<Cleaned> cleaned, List<string> skipped) =>
        arrived.Count + deduplicated.Count + cleaned.Count == 0
            ? new ReplayPlan { FromStage = fromStage, Source = source, Skipped = skipped, Refusal = $"no shard of '{source.Key}' reached the layer {fromStage} reads (every one was refused before it)" }
            : new ReplayPlan { FromStage = fromStage, Source = source, DataArrived = arrived, Deduplicated = deduplicated, Cleaned = cleaned, Skipped = skipped };

    // The ledger entries of the source; the one under ingest's current configuration, else the newest.
    private async Task<SourceIngested?> FindIngestedAsync(string sourceKey, string? ingestConfigHash, CancellationToken cancellationToken)
    {
        var found = new List<(SourceIngested Record, DateTimeOffset Written)>();
        await foreach (var item in lake.ListAsync(LakeKeys.StatePrefix("ingest", "sources"), cancellationToken).ConfigureAwait(false))
        {
            if (!item.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            await using var content = await lake.OpenReadAsync(item.Key, cancellationToken).ConfigureAwait(false);
            var record = await JsonSerializer.DeserializeAsync<SourceIngested>(content, Json, cancellationToken).ConfigureAwait(false);
            if (record is not null && record.Source.Key == sourceKey && record.DocumentShards.Count > 0)
            {
                found.Add((record, item.LastModified));
            }
        }

        return found.OrderByDescending(f => f.Record.StageConfigHash == ingestConfigHash).ThenByDescending(f => f.Written).Select(f => f.Record).FirstOrDefault();
    }

    private sealed record LayerOutput(StoredObjectRef Input, StoredObjectRef Output, long TextBytes, string ConfigHash, DateTimeOffset Written);

    // For each input shard, its output in the layer by the given stage (the newest configuration's when there are several).
    private async Task<List<LayerOutput>> OutputsAsync(string layer, string stage, IReadOnlyList<StoredObjectRef> inputs, List<string> skipped, CancellationToken cancellationToken)
    {
        var byInput = inputs.ToDictionary(i => i.Key, StringComparer.Ordinal);
        var outputs = new List<LayerOutput>();
        await foreach (var item in lake.ListAsync($"docs/{layer}/", cancellationToken).ConfigureAwait(false))
        {
            if (!item.Key.EndsWith(".parquet", StringComparison.Ordinal))
            {
                continue;
            }

            using var content = await ReadAsync(item.Key, cancellationToken).ConfigureAwait(false);
            var footer = DocumentShardReader.ReadFooter(content, item.Key);
            if (footer.Lineage.Stage != stage || !byInput.TryGetValue(footer.Lineage.SourceKey, out var input))
            {
                continue;
            }

            content.Position = 0;
            var documents = DocumentShardReader.ReadDocuments(content, item.Key).ToList();
            content.Position = 0;
            var output = new StoredObjectRef
            {
                Key = item.Key,
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
                ByteCount = content.Length,
                RecordCount = documents.Count,
            };
            outputs.Add(new LayerOutput(input, output, documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text)), footer.Lineage.ConfigHash, item.LastModified));
        }

        var chosen = new List<LayerOutput>();
        foreach (var input in inputs)
        {
            var mine = outputs.Where(o => o.Input.Key == input.Key).ToList();
            if (mine.Count == 0)
            {
                skipped.Add(input.Key);
                continue;
            }

            var newest = mine.OrderByDescending(o => o.Written).ThenBy(o => o.ConfigHash, StringComparer.Ordinal).First().ConfigHash;
            chosen.AddRange(mine.Where(o => o.ConfigHash == newest).OrderBy(o => o.Output.Key, StringComparer.Ordinal));
        }

        return chosen;
    }

    private async Task<long> TextBytesAsync(string key, CancellationToken cancellationToken)
    {
        using var content = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return DocumentShardReader.ReadDocuments(content, key).Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
    }

    private async Task<MemoryStream> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var content = new MemoryStream();
        await using (var stream = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false))
        {
            await stream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        }

        content.Position = 0;
        return content;
    }
}

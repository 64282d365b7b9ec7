using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Parquet;
using Sluice.Storage;

namespace Sluice.Dedupe.Worker;

/// <summary>
/// Dedupes one document shard end to end: reads it from the lake (checking its hash against the event), decides every
/// document against the global index, writes the kept documents to <c>docs/dedup/…</c> and the removed ones to
/// <c>rejected/dedupe/&lt;exact|near|boilerplate&gt;/…</c>, verifies every written shard, makes the index durable, and
/// only then publishes <see cref="Deduplicated"/>.
/// </summary>
internal sealed class DedupeProcessor(
    SharedDedupeIndex index,
    DedupeOptions options,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<DedupeProcessor> logger)
{
    /// <summary>The stage's name in keys, footers and logs.</summary>
    public const string StageName = "dedupe";

    private static readonly DocumentShardOptions OutputShards = new() { TargetShardBytes = long.MaxValue / 4 };

    /// <summary>SHA-256 of the settings the decisions depend on; with the input shard hash it determines the output keys.</summary>
    public string ConfigHash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StageName + ";" + options.IndexConfiguration())));

    public async Task<Deduplicated> DedupeAsync(DataArrived arrived, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var input = arrived.Shard;
        using var activity = SluiceTelemetry.ActivitySource.StartActivity("dedupe " + input.Key);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Stage"] = StageName, ["ShardKey"] = input.Key });
        var documents = await ReadShardAsync(input, cancellationToken).ConfigureAwait(false);
        var stage = await index.StageAsync(cancellationToken).ConfigureAwait(false);
        var result = await stage.ProcessAsync(input.Key, documents.Select(d => new DedupeDocument(d.Id, d.Text)).ToList(), cancellationToken).ConfigureAwait(false);

        var lineage = new ShardLineage(StageName, input.Key, input.Sha256, ConfigHash);
        var sink = new LakeShardSink(lake);
        ShardInfo kept;
        IReadOnlyList<ShardInfo> rejected;
        await using (var keptWriter = new DocumentShardWriter(sink, lineage, part => DedupeLakeKeys.Documents(input.Sha256, ConfigHash, part), OutputShards))
        await using (var rejectedWriter = new RejectedShardWriter(sink, lineage, (reason, part) => DedupeLakeKeys.Rejected(reason, input.Sha256, ConfigHash, part), OutputShards))
        {
            for (var i = 0; i < documents.Count; i++)
            {
                var outcome = result.Outcomes[i];
                var original = documents[i];
                var text = outcome.Document.Text;
                if (outcome.Decision.Verdict == DedupeVerdict.Keep)
                {
                    var document = ReferenceEquals(text, original.Text) || text == original.Text
                        ? original
                        : original with { Text = text, ContentHash = DocumentIdentity.ContentHash(text) };
                    await keptWriter.WriteAsync(document, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await rejectedWriter.WriteAsync(Rejection(original, outcome.Decision, input.Key), cancellationToken).ConfigureAwait(false);
                }
            }

            var keptShards = await keptWriter.CompleteAsync(cancellationToken).ConfigureAwait(false);
            kept = keptShards.Count switch
            {
                0 => await WriteEmptyShardAsync(lineage, DedupeLakeKeys.Documents(input.Sha256, ConfigHash, 0), cancellationToken).ConfigureAwait(false),
                1 => keptShards[0],
                _ => throw new InvalidOperationException($"Dedupe of {input.Key} produced {keptShards.Count} output shards; one was expected."),
            };
            rejected = await rejectedWriter.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var output = await lake.VerifyShardAsync(kept, cancellationToken).ConfigureAwait(false);
        var rejectedRefs = new List<StoredObjectRef>();
        foreach (var shard in rejected)
        {
            rejectedRefs.Add(await lake.VerifyShardAsync(shard, cancellationToken).ConfigureAwait(false));
        }

        // Decisions must outlive this process before anyone downstream hears of the shard.
        await index.PersistAsync(cancellationToken).ConfigureAwait(false);

        var stats = result.Stats;
        var removedByReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in new[] { (DedupeReasons.Exact, stats.Exact), (DedupeReasons.Near, stats.Near), (DedupeReasons.Boilerplate, stats.Boilerplate) })
        {
            if (count > 0)
            {
                removedByReason[reason] = count;
            }
        }

        var deduplicated = new Deduplicated
        {
            SourceSha256 = arrived.Source.Sha256,
            Input = input,
            Output = output,
            RemovedByReason = removedByReason,
            Rejected = rejectedRefs.Count > 0 ? rejectedRefs[0] : null,
            RejectedShards = rejectedRefs,
            StageConfigHash = ConfigHash,
            OccurredAt = clock.GetUtcNow(),
        };
        await publisher.Publish(deduplicated, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Deduplicated {ShardKey}: {DocCount} docs in, {KeptCount} kept, {ExactCount} exact and {NearCount} near duplicates removed, {BoilerplateCount} boilerplate-only; wrote {OutputKey}",
            input.Key, stats.Input, stats.Kept, stats.Exact, stats.Near, stats.Boilerplate, output.Key);
        return deduplicated;
    }

    private static RejectedRecord Rejection(Document document, DedupeDecision decision, string shardKey)
    {
        var reason = decision.Verdict switch
        {
            DedupeVerdict.ExactDuplicate => DedupeReasons.Exact,
            DedupeVerdict.NearDuplicate => DedupeReasons.Near,
            DedupeVerdict.Boilerplate => DedupeReasons.Boilerplate,
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.Verdict, "A kept document is not a rejection."),
        };
        var similarity = Math.Round(decision.Similarity, 6);
        var metadata = new JsonObject
        {
            ["duplicateOf"] = decision.DuplicateOf,
            ["similarity"] = similarity,
            ["shard"] = shardKey,
            ["metadata"] = ParseMetadata(document.Metadata),
        };
        var detail = decision.Verdict == DedupeVerdict.Boilerplate
            ? $"only boilerplate left; first seen in {decision.DuplicateOf}"
            : $"{reason} duplicate of {decision.DuplicateOf} (similarity {similarity.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)})";
        return new RejectedRecord(
            document.Id,
            StageName,
            reason,
            detail,
            document.Source,
            shardKey,
            document.Text,
            metadata.ToJsonString(),
            document.ContentHash,
            Encoding.UTF8.GetByteCount(document.Text));
    }

    private static JsonNode? ParseMetadata(string metadata)
    {
        try
        {
            return JsonNode.Parse(metadata);
        }
        catch (JsonException)
        {
            return JsonValue.Create(metadata);
        }
    }

    private async Task<List<Document>> ReadShardAsync(StoredObjectRef input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var stream = await lake.OpenReadAsync(input.Key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        if (hash != input.Sha256 || buffer.Length != input.ByteCount)
        {
            throw new ObjectIntegrityException(
                lake.Description, input.Key, $"the event names {input.ByteCount} bytes with SHA-256 {input.Sha256}, the lake holds {buffer.Length} bytes with {hash}");
        }

        buffer.Position = 0;
        var documents = DocumentShardReader.ReadDocuments(buffer, $"{lake.Description}/{input.Key}").ToList();
        if (documents.Count != input.RecordCount)
        {
            throw new InvalidDataException($"The shard {input.Key} in {lake.Description} holds {documents.Count} documents; the event says {input.RecordCount}.");
        }

        return documents;
    }

    private async Task<ShardInfo> WriteEmptyShardAsync(ShardLineage lineage, string key, CancellationToken cancellationToken)
    {
        // Every input shard gets an output shard, even when all its documents were duplicates, so the next stage and
        // lineage queries never have to special-case a missing one.
        using var buffer = new MemoryStream();
        var writerOptions = new ParquetWriterOptions { CreatedBy = "Sluice.Documents" };
        foreach (var (name, value) in ShardFooter.Write(lineage, ShardKind.Documents, null))
        {
            writerOptions.Metadata[name] = value;
        }

        using (new ParquetWriter(buffer, DocumentSchema.Documents, writerOptions, leaveOpen: true))
        {
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        var info = new ShardInfo(key, ShardKind.Documents, null, 0, buffer.Length, hash, 0);
        buffer.Position = 0;
        await new LakeShardSink(lake).PutShardAsync(info, buffer, cancellationToken).ConfigureAwait(false);
        return info;
    }
}

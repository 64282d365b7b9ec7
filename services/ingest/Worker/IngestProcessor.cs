using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Hosting;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Ingest.Worker;

/// <summary>
/// Ingests one dropped object end to end: reads it from the drop store, runs the ingest stage into the lake, checks
/// every shard is in the lake with the expected hash and size, publishes one <see cref="DataArrived"/> per document
/// shard and then <see cref="SourceIngested"/>, and records the source in the ledger.
/// </summary>
internal sealed class IngestProcessor(
    IngestStage stage,
    [FromKeyedServices(ObjectStoreNames.Drop)] IObjectStore drop,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    TimeProvider clock,
    ILogger<IngestProcessor> logger)
{
    private readonly IngestLedger ledger = new(lake);

    /// <summary>Ingests <paramref name="sourceKey"/>; returns null when the object is gone or its key is unusable.</summary>
    public async Task<SourceIngested?> IngestAsync(string sourceKey, bool reprocess, IStagePublisher publisher, CancellationToken cancellationToken)
    {
        Stream input;
        try
        {
            input = await drop.OpenReadAsync(sourceKey, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            logger.LogWarning("Dropped object {SourceKey} is no longer in {Store}; nothing to ingest", sourceKey, drop.Description);
            return null;
        }
        catch (InvalidObjectKeyException e)
        {
            logger.LogError("Dropped object key {SourceKey} cannot be read: {Problem}", sourceKey, e.Message);
            return null;
        }

        IngestResult result;
        await using (input.ConfigureAwait(false))
        {
            result = await stage.RunAsync(input, sourceKey, new LakeIngestSink(lake, ledger, reprocess), cancellationToken).ConfigureAwait(false);
        }

        var source = new SourceObjectRef { Key = sourceKey, Sha256 = result.Source.SourceHash, ByteCount = result.Source.ByteCount };
        if (result.Skipped)
        {
            logger.LogInformation("{SourceKey} ({SourceHash}) was already ingested with this configuration; nothing new written", sourceKey, source.Sha256);
            var skipped = new SourceIngested { Source = source, AlreadyIngested = true, StageConfigHash = stage.ConfigHash, OccurredAt = clock.GetUtcNow() };
            await publisher.PublishAsync(skipped, cancellationToken).ConfigureAwait(false);
            return skipped;
        }

        var documentShards = new List<StoredObjectRef>();
        foreach (var shard in result.DocumentShards)
        {
            documentShards.Add(await lake.VerifyShardAsync(shard, cancellationToken).ConfigureAwait(false));
        }

        var rejectedShards = new List<StoredObjectRef>();
        foreach (var shard in result.RejectedShards)
        {
            rejectedShards.Add(await lake.VerifyShardAsync(shard, cancellationToken).ConfigureAwait(false));
        }

        var rejectedByReason = new Dictionary<string, long>(result.RejectedByReason, StringComparer.Ordinal);
        Failpoints.Hit(Failpoints.ShardBeforePublish);
        for (var i = 0; i < documentShards.Count; i++)
        {
            var shard = documentShards[i];
            await publisher.PublishAsync(
                new DataArrived
                {
                    Source = source,
                    Shard = shard,
                    ShardIndex = i,
                    ShardCount = documentShards.Count,
                    TextByteCount = result.DocumentShards[i].TextBytes,
                    RemovedByReason = rejectedByReason,
                    RejectedShards = rejectedShards,
                    StageConfigHash = stage.ConfigHash,
                    Rerun = reprocess,
                    OccurredAt = clock.GetUtcNow(),
                },
                cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Wrote {ShardKey} with {DocCount} docs from {SourceKey}", shard.Key, shard.RecordCount, sourceKey);
        }

        var ingested = new SourceIngested
        {
            Source = source,
            DocumentShards = documentShards,
            RejectedShards = rejectedShards,
            DocumentCount = result.DocumentCount,
            RemovedByReason = rejectedByReason,
            StageConfigHash = stage.ConfigHash,
            OccurredAt = clock.GetUtcNow(),
        };
        await publisher.PublishAsync(ingested, cancellationToken).ConfigureAwait(false);
        Failpoints.Hit(Failpoints.ShardAfterPublish);
        await ledger.RecordAsync(result.Source.Identity, ingested, cancellationToken).ConfigureAwait(false);
        foreach (var (reason, count) in rejectedByReason)
        {
            logger.LogWarning("Quarantined {RejectedCount} item(s) of {SourceKey} as {Reason}", count, sourceKey, reason);
        }

        logger.LogInformation(
            "Ingested {SourceKey} ({SourceHash}): {DocCount} docs in {ShardCount} shard(s), {RejectedShardCount} quarantine shard(s)",
            sourceKey, source.Sha256, result.DocumentCount, documentShards.Count, rejectedShards.Count);
        return ingested;
    }
}

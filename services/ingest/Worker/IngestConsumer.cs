using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Stages;

namespace Sluice.Ingest.Worker;

/// <summary>The <c>ingest</c> endpoint: a dropped object to ingest, or a request to re-run one from a stage.</summary>
internal sealed class IngestConsumer(IngestProcessor processor, SourceReplay replay, IngestStage stage, TimeProvider clock, ILogger<IngestConsumer> logger)
    : IConsumer<ObjectDropped>, IConsumer<ReprocessSource>
{
    public Task Consume(ConsumeContext<ObjectDropped> context) =>
        processor.IngestAsync(context.Message.Key, reprocess: false, new BusStagePublisher(context), context.CancellationToken);

    public async Task Consume(ConsumeContext<ReprocessSource> context)
    {
        var request = context.Message;
        var publisher = new BusStagePublisher(context);
        SourceReplayed Answer(IReadOnlyList<string> shards, IReadOnlyList<string> skipped, string? refusal) => new()
        {
            SourceKey = request.SourceKey,
            FromStage = request.FromStage,
            ShardKeys = shards,
            Skipped = skipped,
            Refusal = refusal,
            RequestedBy = request.RequestedBy,
            OccurredAt = clock.GetUtcNow(),
        };

        if (request.FromStage == ReprocessSource.Ingest)
        {
            // The answer comes first, so whoever waits knows the source is being read again before its shards arrive.
            await publisher.PublishAsync(Answer([], [], null), context.CancellationToken).ConfigureAwait(false);
            var ingested = await processor.IngestAsync(request.SourceKey, reprocess: true, publisher, context.CancellationToken).ConfigureAwait(false);
            if (ingested is null)
            {
                await publisher.PublishAsync(Answer([], [], $"'{request.SourceKey}' is not in the drop store (or its key is unusable)"), context.CancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // An unknown stage or a source the lake knows nothing of cannot heal by retrying: it is answered, not thrown.
        var plan = await replay.PlanAsync(request.SourceKey, request.FromStage, stage.ConfigHash, context.CancellationToken).ConfigureAwait(false);
        if (plan.Refusal is not null)
        {
            logger.LogWarning("Not re-running {SourceKey} from {Stage} (asked by {RequestedBy}): {Refusal}", request.SourceKey, request.FromStage, request.RequestedBy, plan.Refusal);
            await publisher.PublishAsync(Answer([], plan.Skipped, plan.Refusal), context.CancellationToken).ConfigureAwait(false);
            return;
        }

        await publisher.PublishAsync(Answer(plan.InputKeys, plan.Skipped, null), context.CancellationToken).ConfigureAwait(false);
        foreach (var message in plan.DataArrived)
        {
            await publisher.PublishAsync(message, context.CancellationToken).ConfigureAwait(false);
        }

        foreach (var message in plan.Deduplicated)
        {
            await publisher.PublishAsync(message, context.CancellationToken).ConfigureAwait(false);
        }

        foreach (var message in plan.Cleaned)
        {
            await publisher.PublishAsync(message, context.CancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Re-running {SourceKey} from {Stage} (asked by {RequestedBy}): {ShardCount} shard(s) announced again, {SkippedCount} refused before",
            request.SourceKey, request.FromStage, request.RequestedBy, plan.InputKeys.Count, plan.Skipped.Count);
    }
}

using MassTransit;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Stages;

namespace Sluice.Dedupe.Worker;

/// <summary>The <c>dedupe</c> endpoint: a document shard ingest wrote, deduplicated into <c>docs/dedup/</c> by the runner.</summary>
internal sealed class DedupeConsumer(ShardRunner runner, SharedDedupeIndex index) : IConsumer<DataArrived>
{
    public async Task Consume(ConsumeContext<DataArrived> context)
    {
        var arrived = context.Message;
        var stage = await index.StageAsync(context.CancellationToken).ConfigureAwait(false);
        await runner.RunAsync(
            stage,
            new ShardInput(arrived.Source, arrived.Shard),
            DocumentShardOutput.In(LakeKeys.DedupLayer),
            run => new Deduplicated
            {
                Source = run.Source,
                Input = run.Input,
                Output = run.Output,
                TextByteCount = run.KeptTextBytes,
                RemovedByReason = run.RemovedByReason,
                RejectedShards = run.RejectedShards,
                StageConfigHash = run.ConfigHash,
                OccurredAt = run.CompletedAt,
            },
            new BusStagePublisher(context),
            context.CancellationToken).ConfigureAwait(false);
    }
}

using MassTransit;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Stages;

namespace Sluice.SafetyFilter.Worker;

/// <summary>The <c>safety-filter</c> endpoint: a deduplicated shard, filtered into <c>docs/clean/</c> by the runner.</summary>
internal sealed class SafetyFilterConsumer(ShardRunner runner, SafetyFilterStage stage) : IConsumer<Deduplicated>
{
    public Task Consume(ConsumeContext<Deduplicated> context)
    {
        var deduplicated = context.Message;
        return runner.RunAsync(
            stage,
            new ShardInput(deduplicated.Source, deduplicated.Output),
            DocumentShardOutput.In(LakeKeys.CleanLayer),
            run => new Cleaned
            {
                Source = run.Source,
                Input = run.Input,
                Output = run.Output,
                TextByteCount = run.KeptTextBytes,
                RemovedByReason = run.RemovedByReason,
                RedactedByKind = run.Statistics.Group("redacted"),
                FlaggedByRule = run.Statistics.Group("flagged"),
                RejectedShards = run.RejectedShards,
                StageConfigHash = run.ConfigHash,
                OccurredAt = run.CompletedAt,
            },
            new BusStagePublisher(context),
            context.CancellationToken);
    }
}

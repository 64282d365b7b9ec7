using MassTransit;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Stages;

namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// The <c>safety-filter</c> endpoint: a deduplicated shard, filtered into <c>docs/clean/</c> by the runner, once per
/// configuration (<see cref="ShardInbox"/>).
/// </summary>
internal sealed class SafetyFilterConsumer(ShardRunner runner, ShardInbox inbox, SafetyFilterStage stage) : IConsumer<Deduplicated>
{
    public Task Consume(ConsumeContext<Deduplicated> context)
    {
        var deduplicated = context.Message;
        var input = new ShardInput(deduplicated.Source, deduplicated.Output);
        return inbox.RunOnceAsync(stage.Name, stage.ConfigHash, input, deduplicated.Rerun, async () => await runner.RunAsync(
            stage,
            input,
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
                Rerun = deduplicated.Rerun,
                OccurredAt = run.CompletedAt,
            },
            new BusStagePublisher(context),
            context.CancellationToken).ConfigureAwait(false) is not null,
            context.CancellationToken);
    }
}

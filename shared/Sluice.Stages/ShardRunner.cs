using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>
/// Runs any <see cref="IShardStage{TOutput}"/> over one input, the same way in a worker, the embedded run, a test and a
/// benchmark: spools the input out of the lake and checks it against the claim check; runs the stage with a sink that
/// writes kept outputs and rejected documents (each with its reason and locator); checks that every input document was
/// kept or rejected; completes and verifies every output; lets the stage commit its state; builds the event and
/// publishes it. An input that can never be processed (bytes differ, unreadable, gone) is quarantined with its reason
/// and announced with <see cref="ShardQuarantined"/> instead, on the first attempt.
/// </summary>
public sealed class ShardRunner(IObjectStore lake, TimeProvider clock, ShardQuarantine quarantine, ILogger<ShardRunner> logger)
{
    private static readonly DocumentShardOptions RejectedShards = new() { TargetShardBytes = long.MaxValue / 4 };

    /// <summary>
    /// Runs <paramref name="stage"/> over <paramref name="input"/>, writes through the output <paramref name="openOutput"/>
    /// opens, and publishes the event <paramref name="toEvent"/> builds. Returns the run, or null when the input was quarantined.
    /// </summary>
    public async Task<ShardRun<TResult>?> RunAsync<TOutput, TResult, TEvent>(
        IShardStage<TOutput> stage,
        ShardInput input,
        Func<ShardOutputContext, IStageOutput<TOutput, TResult>> openOutput,
        Func<ShardRun<TResult>, TEvent> toEvent,
        IStagePublisher publisher,
        CancellationToken cancellationToken)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(openOutput);
        ArgumentNullException.ThrowIfNull(toEvent);
        ArgumentNullException.ThrowIfNull(publisher);
        try
        {
            var run = await RunStageAsync(stage, input, openOutput, cancellationToken).ConfigureAwait(false);
            Failpoints.Hit(Failpoints.ShardBeforePublish);
            await publisher.PublishAsync(toEvent(run), cancellationToken).ConfigureAwait(false);
            Failpoints.Hit(Failpoints.ShardAfterPublish);
            return run;
        }
        catch (ShardInputException e)
        {
            await quarantine.QuarantineAsync(stage.Name, input, e.Reason, e.Message, stage.ConfigHash, publisher, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<ShardRun<TResult>> RunStageAsync<TOutput, TResult>(
        IShardStage<TOutput> stage, ShardInput input, Func<ShardOutputContext, IStageOutput<TOutput, TResult>> openOutput, CancellationToken cancellationToken)
    {
        var shard = input.Shard;
        Stream? spool;
        try
        {
            spool = await lake.SpoolVerifiedAsync(shard, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectIntegrityException e)
        {
            throw new ShardInputException(ShardInputReasons.Integrity, e.Message, e);
        }

        if (spool is null)
        {
            throw new ShardInputException(ShardInputReasons.Missing, $"{shard.Key} is not in {lake.Description}");
        }

        await using (spool.ConfigureAwait(false))
        {
            using var documents = new InputShardDocuments(spool, shard);
            var context = new ShardOutputContext(lake, stage.Name, stage.ConfigHash, shard);
            var output = openOutput(context);
            await using (output.ConfigureAwait(false))
            {
                var rejected = new RejectedShardWriter(context.Sink, context.Lineage, (reason, part) => LakeKeys.Rejected(stage.Name, reason, shard.Sha256, stage.ConfigHash, part), RejectedShards);
                await using (rejected.ConfigureAwait(false))
                {
                    var sink = new RunnerSink<TOutput, TResult>(stage.Name, output, rejected, documents);
                    var statistics = await stage.RunAsync(shard.Key, documents, sink, cancellationToken).ConfigureAwait(false);
                    var unread = documents.DrainRemaining();
                    if (documents.Read != shard.RecordCount)
                    {
                        throw new ShardInputException(ShardInputReasons.Integrity, $"{shard.Key} holds {documents.Read} documents; the message says {shard.RecordCount}");
                    }

                    if (unread > 0 || sink.Kept + sink.Removed != documents.Read)
                    {
                        throw new InvalidOperationException(
                            $"Stage {stage.Name} accounted for {sink.Kept} kept and {sink.Removed} removed of the {documents.Read} documents of {shard.Key}: every document must be kept or rejected");
                    }

                    var result = await output.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    var rejectedShards = new List<StoredObjectRef>();
                    foreach (var written in await rejected.CompleteAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rejectedShards.Add(await context.VerifyAsync(written, cancellationToken).ConfigureAwait(false));
                    }

                    // Decisions must outlive this process before anyone downstream hears of the shard.
                    await stage.CommitAsync(cancellationToken).ConfigureAwait(false);
                    logger.LogInformation(
                        "{Stage} read {DocCount} docs of {ShardKey}: {KeptCount} kept, {RemovedCount} removed {RemovedByReason}",
                        stage.Name, documents.Read, shard.Key, sink.Kept, sink.Removed, sink.RemovedByReason);
                    return new ShardRun<TResult>(
                        input.Source, shard, result, sink.Kept, sink.RemovedByReason, rejectedShards, statistics, stage.ConfigHash, clock.GetUtcNow(), sink.KeptTextBytes);
                }
            }
        }
    }
}

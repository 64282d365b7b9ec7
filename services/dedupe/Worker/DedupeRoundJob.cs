using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Dedupe.Index;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;

namespace Sluice.Dedupe.Worker;

/// <summary>
/// Dedupe rounds (docs/dedupe.md#rounds). Every <see cref="DataArrived"/> is parked on the one round job of the
/// dedupe configuration; the job waits (under its lease, holding no message) until shards stop arriving for
/// <see cref="DedupeOptions.SettleSeconds"/> and the <see cref="IDedupeRoundGate"/> is open, then decides every waiting
/// shard one after another in a total order: source key, source hash, shard index, shard key (all ordinal), and within
/// a shard the documents' order. Among duplicates decided in one round the first in that order is kept, whichever
/// arrived first and however many replicas there are; a later round never removes what an earlier one kept. Each
/// shard goes through the runner and its event is published before its waiter is removed, so a holder that dies
/// leaves the rest to the next one, and a shard done twice writes the same bytes.
/// </summary>
internal sealed class DedupeRoundJob(
    DedupeOptions options,
    SharedDedupeIndex index,
    ShardRunner runner,
    ShardInbox inbox,
    ShardQuarantine quarantine,
    IDedupeRoundGate gate,
    IBus bus,
    TimeProvider clock,
    ILogger<DedupeRoundJob> logger) : IJobHandler
{
    /// <summary>The job kind.</summary>
    public const string JobKind = "dedupe-round";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string configHash = DedupeStage.ConfigHashOf(options);

    public string Kind => JobKind;

    public string Lane => JobKind;

    /// <summary>The job of this configuration: every replica with the same settings parks on it.</summary>
    public string JobId => $"dedupe-round-{configHash[..16]}";

    /// <summary>The job's payload.</summary>
    public string Payload => JsonSerializer.Serialize(new DedupeRoundRequest(configHash), Json);

    /// <summary>The waiter that parks <paramref name="arrived"/> on the job.</summary>
    public static JobWaiter Waiter(DataArrived arrived)
    {
        ArgumentNullException.ThrowIfNull(arrived);
        return new JobWaiter(arrived.Shard.Key, JsonSerializer.Serialize(arrived, Json));
    }

    public async Task<JobOutcome> RunAsync(JobRecord job, IJobStore store, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<DedupeRoundRequest>(job.Payload, Json)!;
        if (request.ConfigHash != configHash)
        {
            return JobOutcome.Failure($"the round decides under dedupe configuration {request.ConfigHash}, but this replica has {configHash}: every dedupe replica must share the Dedupe settings");
        }

        var rounds = 0;
        var shards = 0;
        while (true)
        {
            var waiting = await WaitForRoundAsync(job.JobId, store, cancellationToken).ConfigureAwait(false);
            if (waiting.Count == 0)
            {
                return JobOutcome.Success($"{shards} shard(s) decided in {rounds} round(s)");
            }

            rounds++;
            var ordered = waiting
                .Select(w => (w.Key, Arrived: JsonSerializer.Deserialize<DataArrived>(w.Payload, Json)!))
                .OrderBy(w => w.Arrived.Source.Key, StringComparer.Ordinal)
                .ThenBy(w => w.Arrived.Source.Sha256, StringComparer.Ordinal)
                .ThenBy(w => w.Arrived.ShardIndex)
                .ThenBy(w => w.Key, StringComparer.Ordinal)
                .ToList();
            logger.LogInformation("Dedupe round of {ShardCount} shard(s) from {SourceCount} source(s), decided in source-key order", ordered.Count, ordered.Select(o => o.Arrived.Source.Key).Distinct().Count());
            var stage = await index.StageAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, arrived) in ordered)
            {
                await DecideAsync(stage, arrived, cancellationToken).ConfigureAwait(false);
                await store.RemoveWaiterAsync(job.JobId, key, cancellationToken).ConfigureAwait(false);
                shards++;
            }
        }
    }

    // Nothing waits on a round's end: each shard's own event went out as it was decided.
    public Task AnnounceAsync(JobRecord job, IJobStore store, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.State == JobState.Failed)
        {
            logger.LogError("Dedupe round job {JobId} failed: {Reason}; its shards wait for a replica that can decide them", job.JobId, job.Outcome);
        }

        return Task.CompletedTask;
    }

    private async Task DecideAsync(DedupeStage stage, DataArrived arrived, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(MessageScope.Describe(arrived));
        var publisher = new BusStagePublisher(bus);
        var input = new ShardInput(arrived.Source, arrived.Shard);
        try
        {
            await inbox.RunOnceAsync(stage.Name, stage.ConfigHash, input, arrived.Rerun, async () => await runner.RunAsync(
                stage,
                input,
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
                    Rerun = arrived.Rerun,
                    OccurredAt = run.CompletedAt,
                },
                publisher,
                cancellationToken).ConfigureAwait(false) is not null,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !TransientFaults.IsTransient(e))
        {
            // One shard that can never be decided is refused with its reason; the round goes on.
            var reason = e is DocumentIdConflictException ? DedupeReasons.IdConflict : DedupeReasons.Failed;
            await quarantine.QuarantineAsync(stage.Name, input, reason, $"{e.GetType().Name}: {e.Message}", stage.ConfigHash, publisher, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<JobWaiter>> WaitForRoundAsync(string jobId, IJobStore store, CancellationToken cancellationToken)
    {
        var settle = TimeSpan.FromSeconds(options.SettleSeconds);
        var lastCount = -1;
        var lastChange = clock.GetTimestamp();
        while (true)
        {
            var waiting = await store.WaitersAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (waiting.Count == 0)
            {
                return waiting;
            }

            if (waiting.Count != lastCount)
            {
                lastCount = waiting.Count;
                lastChange = clock.GetTimestamp();
            }

            if (gate.IsOpen && clock.GetElapsedTime(lastChange) >= settle)
            {
                return waiting;
            }

            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}

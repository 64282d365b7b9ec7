using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting.Jobs;

namespace Sluice.Dedupe.Worker;

/// <summary>
/// The <c>dedupe</c> endpoint: parks each document shard ingest wrote on the dedupe round job, which decides it with
/// the other shards of its round in a total order (<see cref="DedupeRoundJob"/>); the message is done once the shard is
/// recorded, and nothing waits while holding it.
/// </summary>
internal sealed class DedupeConsumer(DedupeRoundJob round, IJobStore jobs, ILogger<DedupeConsumer> logger) : IConsumer<DataArrived>
{
    public async Task Consume(ConsumeContext<DataArrived> context)
    {
        var waiter = DedupeRoundJob.Waiter(context.Message);
        while (true)
        {
            // Queued again if it had finished; a running round runs once more after its attempt, so no shard parked
            // now is left behind.
            await jobs.SubmitAsync(round.JobId, DedupeRoundJob.JobKind, round.Payload, JobResubmission.Always, context.CancellationToken).ConfigureAwait(false);
            var job = await jobs.WaitOnAsync(round.JobId, waiter, context.CancellationToken).ConfigureAwait(false);
            if (job is not null && job.State != JobState.Succeeded)
            {
                logger.LogDebug("{ShardKey} waits for dedupe round job {JobId}", waiter.Key, round.JobId);
                return;
            }

            // The round finished between the submit and the park: submit again so this shard gets a round.
        }
    }
}

using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Hosting.Jobs;

/// <summary>
/// Runs the jobs this process has handlers for, one at a time in each lane (<see cref="IJobHandler.Lane"/>; docs/jobs.md). It claims a job under a lease, renews the
/// lease every third of its length while the handler works, records the outcome (only while it still holds the lease),
/// then publishes the handler's announcement and marks it announced. A holder that dies stops renewing: its lease
/// expires and another runner (here or in another replica) claims the job and runs it again from its checkpoints. A
/// graceful stop or a passing fault puts the job back in the queue at once. No message is held while a job runs.
/// </summary>
public sealed class JobRunner(
    IJobStore store,
    IEnumerable<IJobHandler> handlers,
    IBus bus,
    JobOptions options,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> byKind = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <summary>This process's identity in lease tokens.</summary>
    public static string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (byKind.Count == 0)
        {
            return;
        }

        try
        {
            var lanes = byKind.Values.GroupBy(h => h.Lane, StringComparer.Ordinal).Select(l => l.Select(h => h.Kind).ToList());
            await Task.WhenAll(lanes.Select(kinds => Task.Run(() => RunJobsAsync(kinds, stoppingToken), CancellationToken.None))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or disposed without a stop) while waiting for work: nothing is held.
        }
    }

    private async Task RunJobsAsync(List<string> kinds, CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(options.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            JobLease? lease;
            try
            {
                lease = await store.ClaimAsync(kinds, $"{Holder}/{Guid.NewGuid():N}", options.Lease, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (TransientFaults.IsTransient(e))
            {
                logger.LogWarning("Could not look for jobs ({ErrorType}: {Problem}); trying again", e.GetType().Name, e.Message);
                await Task.Delay(idle, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (lease is null)
            {
                await store.WaitForWorkAsync(idle, stoppingToken).ConfigureAwait(false);
                continue;
            }

            await RunAsync(byKind[lease.Job.Kind], lease, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(IJobHandler handler, JobLease lease, CancellationToken stoppingToken)
    {
        var job = lease.Job;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.JobId, ["JobKind"] = job.Kind });
        if (job.State is JobState.Succeeded or JobState.Failed)
        {
            await AnnounceAsync(handler, lease, job, stoppingToken).ConfigureAwait(false);
            return;
        }

        logger.LogInformation("Claimed job {JobId} ({JobKind}), attempt {Attempt}", job.JobId, job.Kind, job.Attempts);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = new CancellationTokenSource();
        var lost = false;
        var renewal = RenewAsync(lease, () =>
        {
            lost = true;
            work.Cancel();
        }, renewing.Token);
        JobOutcome outcome;
        try
        {
            outcome = await handler.RunAsync(job, store, work.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            await StopRenewingAsync(renewing, renewal).ConfigureAwait(false);
            if (!lost)
            {
                logger.LogInformation("Stopping: job {JobId} goes back to the queue for the next runner", job.JobId);
                await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                logger.LogWarning("Lost the lease of job {JobId}; another runner has it now", job.JobId);
            }

            return;
        }
        catch (Exception e) when (TransientFaults.IsTransient(e))
        {
            await StopRenewingAsync(renewing, renewal).ConfigureAwait(false);
            logger.LogWarning("Job {JobId} met a passing fault ({ErrorType}: {Problem}); it goes back to the queue", job.JobId, e.GetType().Name, e.Message);
            await store.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(options.PollMilliseconds), stoppingToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Job {JobId} failed", job.JobId);
            outcome = JobOutcome.Failure($"{e.GetType().Name}: {e.Message}");
        }

        await StopRenewingAsync(renewing, renewal).ConfigureAwait(false);
        if (lost || !await store.FinishAsync(lease, outcome, CancellationToken.None).ConfigureAwait(false))
        {
            logger.LogWarning("Job {JobId} finished after its lease was lost; its outcome is left to the runner that holds it now", job.JobId);
            return;
        }

        logger.LogInformation("Job {JobId} {Outcome}: {Detail}", job.JobId, outcome.Succeeded ? "succeeded" : "failed", outcome.Detail);
        var finished = await store.GetAsync(job.JobId, CancellationToken.None).ConfigureAwait(false) ?? job;
        if (finished.State == JobState.Queued)
        {
            // Submitted again while it ran: it runs once more rather than announcing this attempt.
            logger.LogInformation("Job {JobId} was submitted again while it ran; it goes back to the queue", job.JobId);
            return;
        }

        await AnnounceAsync(handler, lease, finished, stoppingToken).ConfigureAwait(false);
    }

    private async Task AnnounceAsync(IJobHandler handler, JobLease lease, JobRecord job, CancellationToken cancellationToken)
    {
        try
        {
            await handler.AnnounceAsync(job, store, bus, cancellationToken).ConfigureAwait(false);
            await store.MarkAnnouncedAsync(lease, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TransientFaults.IsTransient(e) || e is OperationCanceledException)
        {
            // The lease runs out and a runner claims the unannounced outcome again.
            logger.LogWarning("Could not announce job {JobId} ({ErrorType}: {Problem}); it will be announced again", job.JobId, e.GetType().Name, e.Message);
        }
    }

    private async Task RenewAsync(JobLease lease, Action onLost, CancellationToken cancellationToken)
    {
        var every = options.Lease / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, cancellationToken).ConfigureAwait(false);
                if (!await store.RenewAsync(lease, options.Lease, cancellationToken).ConfigureAwait(false))
                {
                    onLost();
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (TransientFaults.IsTransient(e))
            {
                logger.LogWarning("Could not renew the lease of job {JobId} ({Problem}); trying again", lease.Job.JobId, e.Message);
            }
        }
    }

    private static async Task StopRenewingAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
    }
}

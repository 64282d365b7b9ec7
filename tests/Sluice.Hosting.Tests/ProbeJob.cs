using MassTransit;
using Sluice.Hosting.Jobs;

namespace Sluice.Hosting.Tests;

/// <summary>A job that records its start, then either holds its runner until cancelled or succeeds at once.</summary>
public abstract class ProbeJob(LaneProbe probe, string kind, string lane, bool holds) : IJobHandler
{
    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    public string Lane => lane;

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobRecord job, IJobStore store, CancellationToken cancellationToken)
    {
        probe.Started(kind).TrySetResult();
        if (holds)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return JobOutcome.Success(kind);
    }

    /// <inheritdoc />
    public Task AnnounceAsync(JobRecord job, IJobStore store, IPublishEndpoint publisher, CancellationToken cancellationToken) => Task.CompletedTask;
}

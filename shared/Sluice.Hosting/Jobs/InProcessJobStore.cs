namespace Sluice.Hosting.Jobs;

/// <summary>
/// Jobs in this process's memory, for the embedded run, where one process holds every job. The same rules as the
/// PostgreSQL store (one holder per lease, fenced by token), and a submit wakes this process's runner at once.
/// </summary>
public sealed class InProcessJobStore(TimeProvider clock) : IJobStore, IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, InProcessJobEntry> jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim work = new(0);

    /// <inheritdoc />
    public Task<JobRecord> SubmitAsync(string jobId, string kind, string payload, JobResubmission resubmission, CancellationToken cancellationToken)
    {
        JobRecord record;
        lock (gate)
        {
            if (!jobs.TryGetValue(jobId, out var entry))
            {
                entry = new InProcessJobEntry(new JobRecord(jobId, kind, payload, JobState.Queued, 0, null, false, null, clock.GetUtcNow()));
                jobs.Add(jobId, entry);
            }
            else if (entry.Record.State == JobState.Running && resubmission == JobResubmission.Always)
            {
                entry.Again = true;
            }
            else if ((entry.Record.State == JobState.Failed && resubmission != JobResubmission.Never)
                || (entry.Record.State == JobState.Succeeded && resubmission == JobResubmission.Always))
            {
                entry.Record = entry.Record with { State = JobState.Queued, Payload = payload, Outcome = null, Announced = false, LeaseExpiresAt = null };
                entry.Holder = null;
            }

            record = entry.Record;
        }

        Wake();
        return Task.FromResult(record);
    }

    /// <inheritdoc />
    public Task<JobRecord?> WaitOnAsync(string jobId, JobWaiter waiter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!jobs.TryGetValue(jobId, out var entry))
            {
                return Task.FromResult<JobRecord?>(null);
            }

            if (entry.Record.State != JobState.Succeeded)
            {
                entry.Waiters[waiter.Key] = waiter;
            }

            return Task.FromResult<JobRecord?>(entry.Record);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JobWaiter>> WaitersAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<JobWaiter> waiters = jobs.TryGetValue(jobId, out var entry) ? entry.Waiters.Values.ToList() : [];
            return Task.FromResult(waiters);
        }
    }

    /// <inheritdoc />
    public Task RemoveWaiterAsync(string jobId, string waiterKey, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (jobs.TryGetValue(jobId, out var entry))
            {
                entry.Waiters.Remove(waiterKey);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<JobLease?> ClaimAsync(IReadOnlyCollection<string> kinds, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var entry = jobs.Values
                .Where(e => kinds.Contains(e.Record.Kind) && Claimable(e.Record, now))
                .OrderBy(e => e.Record.CreatedAt).ThenBy(e => e.Record.JobId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (entry is null)
            {
                return Task.FromResult<JobLease?>(null);
            }

            var running = entry.Record.State is JobState.Queued or JobState.Running;
            entry.Record = entry.Record with
            {
                State = running ? JobState.Running : entry.Record.State,
                Attempts = running ? entry.Record.Attempts + 1 : entry.Record.Attempts,
                LeaseExpiresAt = now + lease,
            };
            entry.Holder = token;
            return Task.FromResult<JobLease?>(new JobLease(entry.Record, token));
        }
    }

    /// <inheritdoc />
    public Task<bool> RenewAsync(JobLease lease, TimeSpan duration, CancellationToken cancellationToken) =>
        Task.FromResult(Update(lease, JobState.Running, r => r with { LeaseExpiresAt = clock.GetUtcNow() + duration }));

    /// <inheritdoc />
    public Task<bool> FinishAsync(JobLease lease, JobOutcome outcome, CancellationToken cancellationToken)
    {
        bool again;
        lock (gate)
        {
            again = jobs.TryGetValue(lease.Job.JobId, out var entry) && entry.Again;
        }

        var recorded = Update(lease, JobState.Running, r => again
            ? r with { State = JobState.Queued, LeaseExpiresAt = null }
            : r with { State = outcome.Succeeded ? JobState.Succeeded : JobState.Failed, Outcome = outcome.Detail });
        if (recorded && again)
        {
            lock (gate)
            {
                jobs[lease.Job.JobId].Again = false;
                jobs[lease.Job.JobId].Holder = null;
            }

            Wake();
        }

        return Task.FromResult(recorded);
    }

    /// <inheritdoc />
    public Task MarkAnnouncedAsync(JobLease lease, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (jobs.TryGetValue(lease.Job.JobId, out var entry) && entry.Holder == lease.Token && entry.Record.State is JobState.Succeeded or JobState.Failed)
            {
                entry.Record = entry.Record with { Announced = true, LeaseExpiresAt = null };
                entry.Holder = null;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(JobLease lease, CancellationToken cancellationToken)
    {
        if (Update(lease, JobState.Running, r => r with { State = JobState.Queued, LeaseExpiresAt = null }))
        {
            Wake();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(jobs.TryGetValue(jobId, out var entry) ? entry.Record : null);
        }
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await work.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose() => work.Dispose();

    private static bool Claimable(JobRecord job, DateTimeOffset now) => job.State switch
    {
        JobState.Queued => true,
        JobState.Running => job.LeaseExpiresAt < now,
        _ => !job.Announced && (job.LeaseExpiresAt is null || job.LeaseExpiresAt < now),
    };

    private bool Update(JobLease lease, JobState required, Func<JobRecord, JobRecord> change)
    {
        lock (gate)
        {
            if (!jobs.TryGetValue(lease.Job.JobId, out var entry) || entry.Holder != lease.Token || entry.Record.State != required)
            {
                return false;
            }

            entry.Record = change(entry.Record);
            return true;
        }
    }

    private void Wake()
    {
        if (work.CurrentCount == 0)
        {
            work.Release();
        }
    }
}

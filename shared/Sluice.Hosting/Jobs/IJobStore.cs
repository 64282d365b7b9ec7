namespace Sluice.Hosting.Jobs;

/// <summary>
/// Where jobs are recorded and leased: in the process for the embedded run (<see cref="InProcessJobStore"/>), in
/// PostgreSQL for replicas (<see cref="PostgresJobStore"/>). Every change is atomic; a holder's calls are fenced by its
/// lease token, so a runner that lost its lease can neither renew nor finish.
/// </summary>
public interface IJobStore
{
    /// <summary>
    /// Records a job once; a second submit of the same id does what <paramref name="resubmission"/> says (a job queued
    /// again takes this payload) and returns the job as it then is.
    /// </summary>
    Task<JobRecord> SubmitAsync(string jobId, string kind, string payload, JobResubmission resubmission, CancellationToken cancellationToken);

    /// <summary>
    /// Parks <paramref name="waiter"/> on an unfinished job, atomically with reading its state: returns the job, and the
    /// waiter is recorded unless the job already succeeded (then the caller goes on at once). Null when there is no such job.
    /// </summary>
    Task<JobRecord?> WaitOnAsync(string jobId, JobWaiter waiter, CancellationToken cancellationToken);

    /// <summary>Everything parked on a job, by key.</summary>
    Task<IReadOnlyList<JobWaiter>> WaitersAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Removes one waiter (once its work was sent on).</summary>
    Task RemoveWaiterAsync(string jobId, string waiterKey, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest job of one of <paramref name="kinds"/> that is queued, whose holder's lease expired, or that finished
    /// but was never announced; null when there is none. The lease runs for <paramref name="lease"/>.
    /// </summary>
    Task<JobLease?> ClaimAsync(IReadOnlyCollection<string> kinds, string token, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends a running job's lease; false when the lease was lost (expired and taken, or the job changed).</summary>
    Task<bool> RenewAsync(JobLease lease, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a running job this lease holds; false when the lease was lost (the outcome is then not recorded).</summary>
    Task<bool> FinishAsync(JobLease lease, JobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Records that the outcome event of a finished job was published, and lets the lease go.</summary>
    Task MarkAnnouncedAsync(JobLease lease, CancellationToken cancellationToken);

    /// <summary>Puts a running job this lease holds back in the queue (a graceful stop, a passing fault), for any runner to claim at once.</summary>
    Task ReleaseAsync(JobLease lease, CancellationToken cancellationToken);

    /// <summary>The job, or null.</summary>
    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Returns when work may have arrived (a submit in this process) or after <paramref name="timeout"/>.</summary>
    Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

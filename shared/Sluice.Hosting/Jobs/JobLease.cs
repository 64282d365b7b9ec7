namespace Sluice.Hosting.Jobs;

/// <summary>A runner's hold on a job: valid while renewed in time, and only for the claim that made it (the token fences a holder that lost it).</summary>
/// <param name="Job">The job as it was claimed.</param>
/// <param name="Token">This claim's holder identity (host, process and a fresh id).</param>
public sealed record JobLease(JobRecord Job, string Token);

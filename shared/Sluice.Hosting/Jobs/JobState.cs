namespace Sluice.Hosting.Jobs;

/// <summary>Where a job is in its life: queued, held by one runner under a lease, or finished (then announced once).</summary>
public enum JobState
{
    /// <summary>Recorded and waiting for a runner.</summary>
    Queued = 0,

    /// <summary>Held by one runner, whose lease must be renewed before it expires or another runner takes the job over.</summary>
    Running = 1,

    /// <summary>Finished with a result.</summary>
    Succeeded = 2,

    /// <summary>Finished without one; a new request may start it again.</summary>
    Failed = 3,
}

namespace Sluice.Hosting.Jobs;

/// <summary>Where jobs and their leases are kept.</summary>
public enum JobStoreKind
{
    /// <summary>In the process's memory: one process holds every job (the embedded run).</summary>
    InProcess = 0,

    /// <summary>In PostgreSQL: any number of replicas share the jobs, one holder each (local stack and compose).</summary>
    Postgres = 1,
}

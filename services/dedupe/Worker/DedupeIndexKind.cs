namespace Sluice.Dedupe.Worker;

/// <summary>Where the dedupe worker keeps its global index.</summary>
public enum DedupeIndexKind
{
    /// <summary>In the worker's memory, saved to the lake after every shard (embedded mode: one process).</summary>
    InProcess = 0,

    /// <summary>In a PostgreSQL schema shared by every replica (local stack and compose).</summary>
    Postgres = 1,
}

namespace Sluice.Hosting.Jobs;

/// <summary>One job of the <see cref="InProcessJobStore"/>: its record, its holder's lease token, and what waits on it.</summary>
internal sealed class InProcessJobEntry(JobRecord record)
{
    public JobRecord Record { get; set; } = record;

    public string? Holder { get; set; }

    /// <summary>A submit asked for one more run while this one was running.</summary>
    public bool Again { get; set; }

    public SortedDictionary<string, JobWaiter> Waiters { get; } = new(StringComparer.Ordinal);
}

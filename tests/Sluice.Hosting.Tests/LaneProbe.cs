using System.Collections.Concurrent;

namespace Sluice.Hosting.Tests;

/// <summary>Records which probe jobs have started.</summary>
public sealed class LaneProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> started = new(StringComparer.Ordinal);

    /// <summary>Completes when a job of <paramref name="kind"/> starts.</summary>
    public TaskCompletionSource Started(string kind) => started.GetOrAdd(kind, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

using System.Collections.Concurrent;
using Sluice.Contracts;

namespace Sluice.Cli.Embedded;

/// <summary>What the embedded run has seen on the bus: per-source results, per-stage counts and failures.</summary>
internal sealed class RunMonitor
{
    private readonly ConcurrentDictionary<string, SourceIngested> sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StageTally> stages = new(StringComparer.Ordinal);

    /// <summary>Raised after each finished or failed source.</summary>
    public event Action? SourceFinished;

    public IReadOnlyDictionary<string, SourceIngested> Sources => sources;

    public IReadOnlyDictionary<string, string> Failures => failures;

    public IReadOnlyDictionary<string, StageTally> Stages => stages;

    public int FinishedCount => sources.Count + failures.Count;

    public void Record(SourceIngested ingested)
    {
        sources[ingested.Source.Key] = ingested;
        SourceFinished?.Invoke();
    }

    public void RecordFailure(string sourceKey, string reason)
    {
        failures[sourceKey] = reason;
        SourceFinished?.Invoke();
    }

    public void RecordOutput(string stage, long documents, long bytes, IReadOnlyDictionary<string, long> removedByReason)
    {
        var tally = stages.GetOrAdd(stage, _ => new StageTally());
        tally.Add(documents, bytes, removedByReason);
    }
}

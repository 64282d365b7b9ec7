using Sluice.Contracts;

namespace Sluice.Stages;

/// <summary>
/// What re-running a source from a stage announces: the stage events that feed it, one per input shard, built from the
/// lake's records; or why nothing can be re-run.
/// </summary>
public sealed record ReplayPlan
{
    /// <summary>The dropped object, as ingest recorded it.</summary>
    public SourceObjectRef? Source { get; init; }

    /// <summary>The first stage to run again.</summary>
    public required string FromStage { get; init; }

    /// <summary>For <c>dedupe</c>: the source's document shards, as ingest announced them.</summary>
    public IReadOnlyList<DataArrived> DataArrived { get; init; } = [];

    /// <summary>For <c>safety-filter</c>: the source's deduplicated shards.</summary>
    public IReadOnlyList<Deduplicated> Deduplicated { get; init; } = [];

    /// <summary>For <c>tokenize</c>: the source's cleaned shards.</summary>
    public IReadOnlyList<Cleaned> Cleaned { get; init; } = [];

    /// <summary>Shards of the layer before that had no output at the layer the stage reads (a stage refused them).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Why nothing can be re-run; null when the plan holds events.</summary>
    public string? Refusal { get; init; }

    /// <summary>The keys of the shards the stage will read again.</summary>
    public IReadOnlyList<string> InputKeys =>
        [.. DataArrived.Select(e => e.Shard.Key), .. Deduplicated.Select(e => e.Output.Key), .. Cleaned.Select(e => e.Output.Key)];
}

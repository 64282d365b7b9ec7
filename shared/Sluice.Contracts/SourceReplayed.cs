namespace Sluice.Contracts;

/// <summary>
/// Ingest's answer to <see cref="ReprocessSource"/>: which inputs of <see cref="FromStage"/> it announced again (after
/// this event, one stage event per input), or why it could not.
/// </summary>
public sealed record SourceReplayed
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The dropped object's key.</summary>
    public required string SourceKey { get; init; }

    /// <summary>The first stage run again.</summary>
    public required string FromStage { get; init; }

    /// <summary>
    /// The shards the re-run goes on with: for <c>ingest</c>, the document shards it wrote; for a later stage, the input
    /// shards it announced again. Empty when refused.
    /// </summary>
    public IReadOnlyList<string> ShardKeys { get; init; } = [];

    /// <summary>Inputs the lake names but that had no output at the stage before <see cref="FromStage"/> (refused or removed there), so are not re-run.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Why nothing was re-run (no such object, nothing in the lake from it, an unknown stage); null when it was.</summary>
    public string? Refusal { get; init; }

    /// <summary>Who asked.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When ingest answered.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

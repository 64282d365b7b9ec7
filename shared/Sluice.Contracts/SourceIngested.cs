namespace Sluice.Contracts;

/// <summary>
/// Ingest finished one dropped object: the lineage record from the source to every shard it produced (documents and
/// quarantine), published after the last <see cref="DataArrived"/> of the source. A source whose bytes were already
/// ingested with the same configuration is reported with <see cref="AlreadyIngested"/> and nothing new written.
/// </summary>
public sealed record SourceIngested
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The dropped object.</summary>
    public required SourceObjectRef Source { get; init; }

    /// <summary>True when these bytes were already ingested with this configuration; no shard or event was written again.</summary>
    public bool AlreadyIngested { get; init; }

    /// <summary>The document shards written, in part order (one <see cref="DataArrived"/> each).</summary>
    public IReadOnlyList<StoredObjectRef> DocumentShards { get; init; } = [];

    /// <summary>The quarantine shards written under <c>rejected/ingest/&lt;reason&gt;/</c>.</summary>
    public IReadOnlyList<StoredObjectRef> RejectedShards { get; init; } = [];

    /// <summary>Documents written.</summary>
    public long DocumentCount { get; init; }

    /// <summary>Objects, records and documents quarantined, by reason.</summary>
    public IReadOnlyDictionary<string, long> RemovedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>SHA-256 of the ingest configuration.</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When ingest finished the object.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

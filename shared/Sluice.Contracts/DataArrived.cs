namespace Sluice.Contracts;

/// <summary>
/// Ingest normalized a dropped object into document shards; one event per shard, published only after the shard is
/// fully written and its hash verified.
/// </summary>
public sealed record DataArrived
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The dropped object the shard came from (lineage root).</summary>
    public required SourceObjectRef Source { get; init; }

    /// <summary>The document shard written (<see cref="LakeKeys.Documents"/> in <see cref="LakeKeys.RawLayer"/>).</summary>
    public required StoredObjectRef Shard { get; init; }

    /// <summary>Zero-based index of this shard among the source's shards.</summary>
    public required int ShardIndex { get; init; }

    /// <summary>How many document shards the source produced in total.</summary>
    public required int ShardCount { get; init; }

    /// <summary>UTF-8 bytes of normalized text in this shard.</summary>
    public required long TextByteCount { get; init; }

    /// <summary>Records of the whole source that were quarantined, by reason (for example <c>invalid-json</c>).</summary>
    public IReadOnlyDictionary<string, long> RemovedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>The quarantine shards written for this source under <c>rejected/ingest/&lt;reason&gt;/</c>.</summary>
    public IReadOnlyList<StoredObjectRef> RejectedShards { get; init; } = [];

    /// <summary>
    /// True when a re-run (<see cref="ReprocessSource"/>) announced it: the next stage works its input again even if it
    /// already did under the same configuration, and passes the flag on. Otherwise a stage works each input once per
    /// configuration and takes a second delivery of the same event (a publisher killed before acknowledging) as done.
    /// </summary>
    public bool Rerun { get; init; }

    /// <summary>SHA-256 of the ingest configuration that shaped the output; with the source hash it determines the keys.</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the shard was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

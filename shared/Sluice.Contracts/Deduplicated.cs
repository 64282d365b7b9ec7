namespace Sluice.Contracts;

/// <summary>Dedupe removed exact and near duplicates from a document shard and wrote the survivors.</summary>
public sealed record Deduplicated
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The dropped object the documents descend from (lineage root).</summary>
    public required SourceObjectRef Source { get; init; }

    /// <summary>The input document shard (the <see cref="DataArrived.Shard"/> it consumed).</summary>
    public required StoredObjectRef Input { get; init; }

    /// <summary>The deduplicated shard (<see cref="LakeKeys.Documents"/> in <see cref="LakeKeys.DedupLayer"/>).</summary>
    public required StoredObjectRef Output { get; init; }

    /// <summary>UTF-8 bytes of the text of the documents in <see cref="Output"/> (the Parquet file's size is in <see cref="Output"/>).</summary>
    public long TextByteCount { get; init; }

    /// <summary>Documents removed, by reason (<c>exact</c>, <c>near</c>, <c>boilerplate</c>); the input's record count minus the output's.</summary>
    public IReadOnlyDictionary<string, long> RemovedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Every shard under <c>rejected/dedupe/&lt;reason&gt;/</c> holding removed documents (one per reason), in reason order.</summary>
    public IReadOnlyList<StoredObjectRef> RejectedShards { get; init; } = [];

    /// <summary>
    /// True when a re-run (<see cref="ReprocessSource"/>) announced it: the next stage works its input again even if it
    /// already did under the same configuration, and passes the flag on. Otherwise a stage works each input once per
    /// configuration and takes a second delivery of the same event (a publisher killed before acknowledging) as done.
    /// </summary>
    public bool Rerun { get; init; }

    /// <summary>SHA-256 of the dedupe configuration (shingle size, permutations, threshold).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the output was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

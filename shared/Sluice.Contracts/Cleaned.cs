namespace Sluice.Contracts;

/// <summary>Safety-filter applied quality, toxicity, language and PII rules to a shard and wrote the kept documents.</summary>
public sealed record Cleaned
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The dropped object the documents descend from (lineage root).</summary>
    public required SourceObjectRef Source { get; init; }

    /// <summary>The input shard (the <see cref="Deduplicated.Output"/> it consumed).</summary>
    public required StoredObjectRef Input { get; init; }

    /// <summary>The cleaned shard (<see cref="LakeKeys.Documents"/> in <see cref="LakeKeys.CleanLayer"/>).</summary>
    public required StoredObjectRef Output { get; init; }

    /// <summary>UTF-8 bytes of the text of the documents in <see cref="Output"/> (the Parquet file's size is in <see cref="Output"/>).</summary>
    public long TextByteCount { get; init; }

    /// <summary>Documents removed, by rule (for example <c>toxicity</c>, <c>language</c>, <c>gopher-quality</c>).</summary>
    public IReadOnlyDictionary<string, long> RemovedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Spans redacted in kept documents, by kind (for example <c>email</c>, <c>phone</c>).</summary>
    public IReadOnlyDictionary<string, long> RedactedByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>Every shard under <c>rejected/safety-filter/&lt;rule&gt;/</c> holding removed documents, one per rule that removed any.</summary>
    public IReadOnlyList<StoredObjectRef> RejectedShards { get; init; } = [];

    /// <summary>In tag-only mode: documents each rule would have removed (nothing is removed then).</summary>
    public IReadOnlyDictionary<string, long> FlaggedByRule { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// True when a re-run (<see cref="ReprocessSource"/>) announced it: the next stage works its input again even if it
    /// already did under the same configuration, and passes the flag on. Otherwise a stage works each input once per
    /// configuration and takes a second delivery of the same event (a publisher killed before acknowledging) as done.
    /// </summary>
    public bool Rerun { get; init; }

    /// <summary>SHA-256 of the filter configuration (rules, thresholds, word lists).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the output was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

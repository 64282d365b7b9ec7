namespace Sluice.Contracts;

/// <summary>
/// Tokenize wrote the token shards of one cleaned shard with one tokenizer version: the documents split into train and
/// validation, each split in one or more shards (<see cref="LakeKeys.TokenShard"/>, see docs/token-shards.md).
/// </summary>
public sealed record Tokenized
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The dropped object the documents descend from (lineage root).</summary>
    public required SourceObjectRef Source { get; init; }

    /// <summary>The cleaned shard it consumed (the <see cref="Cleaned.Output"/>): the source of every token shard named here.</summary>
    public required StoredObjectRef Input { get; init; }

    /// <summary>The immutable tokenizer the tokens were produced with (<c>tokenizers/&lt;id&gt;/</c>); every shard key names it too.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>The training split: its token and document counts and its shards.</summary>
    public required TokenSplitOutput Train { get; init; }

    /// <summary>The validation split (no shards when the split sent no document of this input there).</summary>
    public required TokenSplitOutput Validation { get; init; }

    /// <summary>UTF-8 bytes of the text tokenized (both splits), so throughput and bits per byte can be reported against text.</summary>
    public long TextByteCount { get; init; }

    /// <summary>Documents that produced no tokens, by reason (for example <c>empty-text</c>); each is kept under <c>rejected/tokenize/</c>.</summary>
    public IReadOnlyDictionary<string, long> RemovedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>The shards under <c>rejected/tokenize/&lt;reason&gt;/</c> holding the skipped documents.</summary>
    public IReadOnlyList<StoredObjectRef> RejectedShards { get; init; } = [];

    /// <summary>SHA-256 of the tokenize configuration (tokenizer id, validation fraction, shard size, format).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the outputs were verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

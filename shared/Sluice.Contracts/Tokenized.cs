namespace Sluice.Contracts;

/// <summary>Tokenize wrote token shards (train and validation split) for one cleaned shard with one tokenizer version.</summary>
public sealed record Tokenized
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The SHA-256 of the dropped object the documents descend from (lineage id).</summary>
    public required string SourceSha256 { get; init; }

    /// <summary>The input shard (the <see cref="Cleaned.Output"/> it consumed).</summary>
    public required StoredObjectRef Input { get; init; }

    /// <summary>The immutable tokenizer the tokens were produced with (<c>tokenizers/&lt;id&gt;/</c>).</summary>
    public required string TokenizerId { get; init; }

    /// <summary>The training token shard; <see cref="StoredObjectRef.RecordCount"/> is its token count.</summary>
    public required StoredObjectRef Train { get; init; }

    /// <summary>The validation token shard, when the split gave it any documents.</summary>
    public StoredObjectRef? Validation { get; init; }

    /// <summary>Documents that produced no tokens or were skipped, by reason.</summary>
    public IReadOnlyDictionary<string, long> SkippedByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>SHA-256 of the tokenize configuration (tokenizer id, split ratio, seed).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the outputs were verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

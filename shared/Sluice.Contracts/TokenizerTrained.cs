namespace Sluice.Contracts;

/// <summary>
/// The tokenizer-training job of a tokenize policy froze its tokenizer: <c>tokenizers/&lt;id&gt;/</c> is complete and the
/// policy's pointer names it. Shards that waited for it are tokenized now.
/// </summary>
public sealed record TokenizerTrained
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The job that trained it (one per policy and attempt, see docs/jobs.md).</summary>
    public required string JobId { get; init; }

    /// <summary>SHA-256 of the training policy.</summary>
    public required string PolicyHash { get; init; }

    /// <summary>The frozen tokenizer's id.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>When the job finished.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

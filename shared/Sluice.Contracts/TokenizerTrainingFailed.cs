namespace Sluice.Contracts;

/// <summary>
/// The tokenizer-training job of a tokenize policy failed (for example: no cleaned text to train on). The shards that
/// waited for it keep waiting: the next cleaned shard starts a new attempt, which trains on everything waiting.
/// </summary>
public sealed record TokenizerTrainingFailed
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The job that failed.</summary>
    public required string JobId { get; init; }

    /// <summary>SHA-256 of the training policy.</summary>
    public required string PolicyHash { get; init; }

    /// <summary>Why it failed, for a person.</summary>
    public required string Reason { get; init; }

    /// <summary>The input shards waiting on the tokenizer when it failed.</summary>
    public IReadOnlyList<string> WaitingShardKeys { get; init; } = [];

    /// <summary>When the job failed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

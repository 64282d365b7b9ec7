namespace Sluice.Contracts;

/// <summary>The evaluator scored a checkpoint and wrote its report.</summary>
public sealed record EvalCompleted
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The training run the checkpoint belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>The checkpoint's step.</summary>
    public required long Step { get; init; }

    /// <summary>The manifest of the checkpoint evaluated (the <see cref="CheckpointSaved.Manifest"/> it consumed).</summary>
    public required StoredObjectRef Checkpoint { get; init; }

    /// <summary>The evaluation report (<c>evals/&lt;run&gt;/&lt;step&gt;.json</c>).</summary>
    public required StoredObjectRef Report { get; init; }

    /// <summary>Scores by name (for example <c>val-loss</c>, <c>perplexity</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>SHA-256 of the evaluation configuration (validation shards, sample prompts, seed).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the report was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

namespace Sluice.Contracts;

/// <summary>
/// The evaluator scored a checkpoint and wrote its report, or could not (<see cref="Failure"/>): once per checkpoint,
/// after the report's files were written and verified.
/// </summary>
public sealed record EvalCompleted
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>The training run the checkpoint belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>The checkpoint's step.</summary>
    public required long Step { get; init; }

    /// <summary>The manifest of the checkpoint evaluated (the <see cref="CheckpointSaved.Manifest"/> it consumed).</summary>
    public required StoredObjectRef Checkpoint { get; init; }

    /// <summary>The report (<c>evals/&lt;model&gt;/&lt;run&gt;/&lt;step&gt;/report.json</c>; <c>report.md</c> and the charts beside it); null when the evaluation failed.</summary>
    public StoredObjectRef? Report { get; init; }

    /// <summary>Scores by name (<c>bits_per_byte</c>, <c>loss</c>, …; docs/evaluation.md).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Each metric minus the line's best checkpoint's, for the metrics both have; empty for the line's first.</summary>
    public IReadOnlyDictionary<string, double> Deltas { get; init; } = new Dictionary<string, double>();

    /// <summary>The metric the gate decides on (<c>bits_per_byte</c>).</summary>
    public string PrimaryMetric { get; init; } = "bits_per_byte";

    /// <summary>The gate's verdict: <c>promote</c> (now the line's best), <c>decline</c>, or <c>failed</c> (see <see cref="Failure"/>).</summary>
    public required string Verdict { get; init; }

    /// <summary>Why the checkpoint could not be evaluated (a checkpoint failing its manifest, a tokenizer mismatch, …); null when it was.</summary>
    public string? Failure { get; init; }

    /// <summary>
    /// Problems with inputs that did not stop the evaluation: each line of a refused evaluation set
    /// (<c>evalsets/&lt;file&gt;:&lt;line&gt;: field: message</c>); a refused set is scored on none of its items. Empty when none.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>SHA-256 of the evaluation configuration (validation shards, sample prompts, seed).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the report was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

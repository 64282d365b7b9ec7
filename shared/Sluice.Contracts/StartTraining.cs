namespace Sluice.Contracts;

/// <summary>A person or the CLI asks the trainer to start (or resume) a training run over the token shards of one tokenizer.</summary>
public sealed record StartTraining
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The run's id; an existing run resumes from its latest complete checkpoint.</summary>
    public required string RunId { get; init; }

    /// <summary>The tokenizer whose token shards to train on.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>Who asked, for the logs.</summary>
    public required string RequestedBy { get; init; }
}

namespace Sluice.Contracts;

/// <summary>A model line's training could not go on (a configuration too large for memory, a refused dataset); the reason says why.</summary>
public sealed record TrainingFailed
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>Why, for a person.</summary>
    public required string Reason { get; init; }

    /// <summary>When the line's job gave up.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

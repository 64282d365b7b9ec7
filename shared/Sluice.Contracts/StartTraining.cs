namespace Sluice.Contracts;

/// <summary>
/// A person or the CLI asks a model line to train on the data it has: a run starts even if fewer new tokens than the
/// line's threshold have arrived (at least one token shard must have).
/// </summary>
public sealed record StartTraining
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>The request's id (recording the same request twice starts one run).</summary>
    public required string RequestId { get; init; }

    /// <summary>Who asked, for the logs (a user name, <c>cli</c>).</summary>
    public required string RequestedBy { get; init; }
}

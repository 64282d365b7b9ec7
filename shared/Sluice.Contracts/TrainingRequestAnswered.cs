namespace Sluice.Contracts;

/// <summary>
/// The trainer's answer to a <see cref="StartTraining"/>: the run that trains on what the line had when the request was
/// taken up (a new run, or the interrupted run it resumes), or none because nothing arrived since the line's last run.
/// The run's own events (<see cref="TrainingProgress"/>, <see cref="CheckpointSaved"/>, <see cref="TrainingFailed"/>)
/// follow.
/// </summary>
public sealed record TrainingRequestAnswered
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>The request's id.</summary>
    public required string RequestId { get; init; }

    /// <summary>The run that answers it (<c>run-000002</c>); null when the line was already up to date.</summary>
    public string? RunId { get; init; }

    /// <summary>What the trainer made of the request, in words.</summary>
    public required string Outcome { get; init; }

    /// <summary>When it was answered.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

namespace Sluice.Contracts;

/// <summary>How a training run is getting on, published at most about once a second while it trains (for live displays).</summary>
public sealed record TrainingProgress
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The step just taken.</summary>
    public required long Step { get; init; }

    /// <summary>The run's last step.</summary>
    public required long MaxSteps { get; init; }

    /// <summary>Training loss at the step.</summary>
    public required double Loss { get; init; }

    /// <summary>The latest validation loss, when measured.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Learning rate at the step.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Tokens per second of the step.</summary>
    public required double TokensPerSecond { get; init; }

    /// <summary>Model FLOPs utilisation of the step (against the configured or nominal peak).</summary>
    public required double Mfu { get; init; }

    /// <summary>Estimated time to the run's end at the current speed.</summary>
    public required TimeSpan Remaining { get; init; }

    /// <summary>When the step finished.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

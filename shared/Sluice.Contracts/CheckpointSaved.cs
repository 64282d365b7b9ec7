namespace Sluice.Contracts;

/// <summary>
/// The trainer saved a complete checkpoint of a model line's run and verified every file of it in the lake
/// (<see cref="LakeKeys.CheckpointPrefix"/>; the manifest is written last, so its presence means complete). Published
/// once per (run, step).
/// </summary>
public sealed record CheckpointSaved
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>The run within the line (<c>checkpoints/&lt;model&gt;/&lt;run&gt;/</c>); one run per dataset version.</summary>
    public required string RunId { get; init; }

    /// <summary>The optimizer step the checkpoint was taken at.</summary>
    public required long Step { get; init; }

    /// <summary>The run's last step: a checkpoint at it is the run's final one.</summary>
    public required long MaxSteps { get; init; }

    /// <summary>The checkpoint manifest, naming every file of the checkpoint and its hash.</summary>
    public required StoredObjectRef Manifest { get; init; }

    /// <summary>Every file of the checkpoint (the manifest last), as verified in the lake.</summary>
    public IReadOnlyList<StoredObjectRef> Files { get; init; } = [];

    /// <summary>The tokenizer the model was trained with (<c>tokenizers/&lt;id&gt;/</c>).</summary>
    public required string TokenizerId { get; init; }

    /// <summary>The immutable dataset manifest the run trains on (lineage down to the token shards and the sources).</summary>
    public required StoredObjectRef Dataset { get; init; }

    /// <summary>Tokens consumed by this run up to this step.</summary>
    public required long TokensSeen { get; init; }

    /// <summary>Training loss at this step.</summary>
    public required double TrainLoss { get; init; }

    /// <summary>Validation loss at this step, when the run measured it.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>SHA-256 of the training configuration (model shape, schedule, seed, dataset).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the checkpoint was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

namespace Sluice.Contracts;

/// <summary>The trainer saved a complete checkpoint; its manifest is written last, so the manifest's presence means complete.</summary>
public sealed record CheckpointSaved
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The training run's id (<c>checkpoints/&lt;run&gt;/</c>).</summary>
    public required string RunId { get; init; }

    /// <summary>The optimizer step the checkpoint was taken at.</summary>
    public required long Step { get; init; }

    /// <summary>The checkpoint manifest (<c>checkpoints/&lt;run&gt;/&lt;step&gt;/manifest.json</c>), naming every checkpoint file and its hash.</summary>
    public required StoredObjectRef Manifest { get; init; }

    /// <summary>The tokenizer the model was trained with.</summary>
    public required string TokenizerId { get; init; }

    /// <summary>The token shards trained on so far (lineage back to the sources).</summary>
    public IReadOnlyList<string> TrainShardKeys { get; init; } = [];

    /// <summary>Tokens consumed by training up to this step.</summary>
    public required long TokensSeen { get; init; }

    /// <summary>Mean training loss over the last logging window.</summary>
    public required double TrainLoss { get; init; }

    /// <summary>SHA-256 of the training configuration (model shape, schedule, seed).</summary>
    public required string StageConfigHash { get; init; }

    /// <summary>When the manifest was verified and the event published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }
}

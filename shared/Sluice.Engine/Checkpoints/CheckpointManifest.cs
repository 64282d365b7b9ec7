namespace Sluice.Engine.Checkpoints;

/// <summary>
/// <c>manifest.json</c>, written last: a checkpoint folder without it is incomplete and is never read.
/// </summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">Layout version: 2 (safetensors state files); 1 was the libtorch 1.13 engine's single <c>model.pt</c>.</param>
/// <param name="Step">Optimizer steps completed when the checkpoint was taken.</param>
/// <param name="TokenizerId">The tokenizer of the training data (hex SHA-256), when the shards name one.</param>
/// <param name="CreatedUtc">When the checkpoint was completed.</param>
/// <param name="Files">Every other file of the checkpoint, with size and hash.</param>
public sealed record CheckpointManifest(string Format, int Version, long Step, string? TokenizerId, DateTimeOffset CreatedUtc, IReadOnlyList<CheckpointFile> Files)
{
    /// <summary>The format tag of Sluice checkpoints.</summary>
    public const string FormatName = "sluice-checkpoint";
}

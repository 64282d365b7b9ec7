namespace Sluice.Engine.Training;

/// <summary>
/// A named set of token shard files that the sampler treats as one source, for example "new data" and "old data"
/// in continual training.
/// </summary>
/// <param name="Name">A name for messages and reports.</param>
/// <param name="Files">The group's shard files (train and validation shards alike; headers say which is which).</param>
/// <param name="Weight">
/// The group's relative share of training windows; null on every group samples in proportion to train tokens (each
/// position of every train shard equally likely). Weights must be given on all groups or on none.
/// </param>
public sealed record TokenShardGroup(string Name, IReadOnlyList<string> Files, double? Weight = null)
{
    /// <summary>
    /// Files of <see cref="Files"/> held out for validation whatever their header says (a dataset that assigns whole
    /// train shards to validation, docs/trainer.md). Default none.
    /// </summary>
    public IReadOnlyCollection<string> HeldOut { get; init; } = [];
}

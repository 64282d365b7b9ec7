using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Training;

/// <summary>One sampling group of an open <see cref="TokenDataset"/>.</summary>
/// <param name="Name">The group's name.</param>
/// <param name="Train">Its train shards.</param>
/// <param name="Weight">Its relative share of training windows; null when sampling follows train tokens.</param>
public sealed record TokenDatasetGroup(string Name, IReadOnlyList<TokenShardReader> Train, double? Weight)
{
    /// <summary>Tokens in the group's train shards.</summary>
    public long TrainTokens => Train.Sum(s => s.TokenCount);
}

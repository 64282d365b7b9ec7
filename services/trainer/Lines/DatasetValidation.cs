using Sluice.Contracts;
using Sluice.Tokenizer.Shards;

namespace Sluice.Training.Lines;

/// <summary>
/// The dataset-level validation floor. Tokenize holds out validation documents per shard, which cannot work for a drop
/// of many one-document files; so a new dataset version whose validation split has fewer than the line's minimum
/// tokens holds out whole newly arrived train shards, in the order of their key's hash position (the same positions
/// tokenize uses for document ids), until it has: capped at a share of the dataset's tokens and never its last train
/// shard. Shards of earlier versions keep their split, so a run never validates on what an earlier run trained on.
/// </summary>
public static class DatasetValidation
{
    /// <summary>
    /// <paramref name="added"/>, with train shards moved to validation where the dataset (<paramref name="kept"/> plus
    /// <paramref name="added"/>) has fewer than <paramref name="minimumTokens"/> validation tokens.
    /// </summary>
    public static IReadOnlyList<DatasetShard> HoldOut(IReadOnlyList<DatasetShard> kept, IReadOnlyList<DatasetShard> added, long minimumTokens, double maximumShare)
    {
        var all = kept.Concat(added).ToList();
        var total = all.Sum(s => s.Tokens.RecordCount);
        var target = (long)Math.Min(minimumTokens, maximumShare * total);
        var validation = all.Where(IsValidation).Sum(s => s.Tokens.RecordCount);
        var train = all.Count(s => !IsValidation(s));
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shard in added.Where(s => !IsValidation(s)).OrderBy(s => TrainValidationSplit.Position(s.Tokens.Key)).ThenBy(s => s.Tokens.Key, StringComparer.Ordinal))
        {
            if (validation >= target || train - moved.Count <= 1)
            {
                break;
            }

            // A shard that would overshoot the cap is skipped; a smaller one later in the order may still fit.
            if (validation + shard.Tokens.RecordCount > maximumShare * total)
            {
                continue;
            }

            moved.Add(shard.Tokens.Key);
            validation += shard.Tokens.RecordCount;
        }

        return added.Select(s => moved.Contains(s.Tokens.Key) ? s with { Split = LakeKeys.ValidationSplit } : s).ToList();
    }

    private static bool IsValidation(DatasetShard shard) => shard.Split == LakeKeys.ValidationSplit;
}

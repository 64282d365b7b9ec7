namespace Sluice.Contracts;

/// <summary>
/// <c>datasets/&lt;model&gt;/&lt;version&gt;.json</c>: an immutable, versioned list of the token shards a run trains on, all
/// of one tokenizer. A version holds every shard of the one before plus the ones that arrived since
/// (<see cref="Added"/>); content only (keys sorted, no times), so building it again gives the same bytes.
/// </summary>
/// <param name="Model">The model line.</param>
/// <param name="Version">The version, from 1.</param>
/// <param name="TokenizerId">The tokenizer every shard was made with.</param>
/// <param name="Shards">Every shard, by key.</param>
/// <param name="Added">The keys of the token files new in this version.</param>
public sealed record DatasetManifest(string Model, int Version, string TokenizerId, IReadOnlyList<DatasetShard> Shards, IReadOnlyList<string> Added)
{
    /// <summary>Training tokens in the dataset.</summary>
    public long TrainTokens => Shards.Where(s => s.Split == LakeKeys.TrainSplit).Sum(s => s.Tokens.RecordCount);

    /// <summary>Validation tokens in the dataset.</summary>
    public long ValidationTokens => Shards.Where(s => s.Split == LakeKeys.ValidationSplit).Sum(s => s.Tokens.RecordCount);

    /// <summary>The run that trains on this version: <c>run-&lt;version:000000&gt;</c>.</summary>
    public string RunId => RunIdOf(Version);

    /// <summary>The run id of a dataset version.</summary>
    public static string RunIdOf(int version) => $"run-{version:D6}";
}

namespace Sluice.Contracts;

/// <summary>One token shard of a dataset version, with its lineage.</summary>
/// <param name="Split"><c>train</c> or <c>val</c>.</param>
/// <param name="Tokens">The token file (record count: tokens).</param>
/// <param name="Documents">Its document index (record count: documents).</param>
/// <param name="CleanedShard">The cleaned document shard it was tokenized from.</param>
/// <param name="Source">The dropped object the documents descend from.</param>
public sealed record DatasetShard(string Split, StoredObjectRef Tokens, StoredObjectRef Documents, string CleanedShard, SourceObjectRef Source);

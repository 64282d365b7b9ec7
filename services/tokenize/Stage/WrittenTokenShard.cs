using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize;

/// <summary>One completed token shard on local disk: its split, its part number, both files and its counts.</summary>
public sealed record WrittenTokenShard(TokenSplit Split, int Part, string TokenPath, string IndexPath, long TokenCount, int DocumentCount);

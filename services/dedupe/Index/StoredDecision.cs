namespace Sluice.Dedupe.Index;

/// <summary>A decision as the index remembers it: with the shard that made it and the content it was made for.</summary>
internal sealed record StoredDecision(string ShardKey, UInt128 ContentHash, DedupeDecision Decision);

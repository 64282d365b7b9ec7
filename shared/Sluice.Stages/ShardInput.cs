using Sluice.Contracts;

namespace Sluice.Stages;

/// <summary>One input a message names: the shard (claim check) and the dropped object it descends from.</summary>
/// <param name="Source">The lineage root, carried into the stage's event.</param>
/// <param name="Shard">The input shard's key, SHA-256, size and document count.</param>
public sealed record ShardInput(SourceObjectRef Source, StoredObjectRef Shard);

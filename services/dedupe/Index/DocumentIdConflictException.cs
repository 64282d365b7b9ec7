namespace Sluice.Dedupe.Index;

/// <summary>A document id was decided before with a different (normalized) text: ids must name content.</summary>
public sealed class DocumentIdConflictException(string documentId, string shardKey)
    : Exception($"Document '{documentId}' in shard '{shardKey}' has different content from the document the dedupe index recorded under the same id; document ids must identify their content.")
{
    /// <summary>The conflicting document id.</summary>
    public string DocumentId { get; } = documentId;

    /// <summary>The shard that presented the conflicting document.</summary>
    public string ShardKey { get; } = shardKey;
}

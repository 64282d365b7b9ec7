using Sluice.Documents;

namespace Sluice.Ingest;

/// <summary>What one run of the ingest stage over one dropped object produced.</summary>
public sealed record IngestResult
{
    /// <summary>The object as measured (key, SHA-256, size, configuration hash).</summary>
    public required IngestSource Source { get; init; }

    /// <summary>True when the sink said the object was already ingested; nothing was written.</summary>
    public bool Skipped { get; init; }

    /// <summary>The document shards written, in part order (<c>docs/raw/&lt;source-hash&gt;/…</c>).</summary>
    public IReadOnlyList<ShardInfo> DocumentShards { get; init; } = [];

    /// <summary>The rejected-record shards written (<c>rejected/ingest/&lt;reason&gt;/…</c>), ordered by reason then part.</summary>
    public IReadOnlyList<ShardInfo> RejectedShards { get; init; } = [];

    /// <summary>Documents written.</summary>
    public long DocumentCount { get; init; }

    /// <summary>Total UTF-8 bytes of the documents' text.</summary>
    public long DocumentTextBytes { get; init; }

    /// <summary>Quarantined objects, records and documents, by reason (see <see cref="RejectionReasons"/>).</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Documents kept, by source profile (<c>web</c>, <c>book</c>, <c>code</c>, <c>conversation</c>).</summary>
    public IReadOnlyDictionary<string, long> DocumentsByProfile { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Documents kept, by input format (<c>txt</c>, <c>jsonl</c>, …).</summary>
    public IReadOnlyDictionary<string, long> DocumentsByFormat { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);

    /// <summary>Counts of what standardization changed (see <see cref="StandardizationCounters"/>).</summary>
    public StandardizationCounters Standardization { get; init; } = new();

    /// <summary>True when the whole object was quarantined (nothing of it became a document).</summary>
    public bool ObjectRejected { get; init; }
}

namespace Sluice.Contracts;

/// <summary>One token shard in the lake: the token file (<c>.bin</c>) and its document index (<c>.docs</c>).</summary>
public sealed record TokenShardRef
{
    /// <summary>The token file; <see cref="StoredObjectRef.RecordCount"/> is its token count.</summary>
    public required StoredObjectRef Tokens { get; init; }

    /// <summary>The document index beside it; <see cref="StoredObjectRef.RecordCount"/> is its document count.</summary>
    public required StoredObjectRef Documents { get; init; }
}

namespace Sluice.Contracts;

/// <summary>A claim check for one object in the lake: where it is and how to verify it.</summary>
public sealed record StoredObjectRef
{
    /// <summary>The object's key in the lake bucket (for example <c>docs/raw/&lt;source-hash&gt;/part-00000.parquet</c>).</summary>
    public required string Key { get; init; }

    /// <summary>SHA-256 of the object's bytes, lowercase hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The object's size in bytes.</summary>
    public required long ByteCount { get; init; }

    /// <summary>The number of records (documents, sequences) the object holds.</summary>
    public required long RecordCount { get; init; }
}

namespace Sluice.Contracts;

/// <summary>A dropped object that entered the pipeline: the root of every lineage chain.</summary>
public sealed record SourceObjectRef
{
    /// <summary>The object's key in the drop bucket, as the user named it.</summary>
    public required string Key { get; init; }

    /// <summary>SHA-256 of the dropped bytes, lowercase hex; also the source's lineage id.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The dropped object's size in bytes.</summary>
    public required long ByteCount { get; init; }
}

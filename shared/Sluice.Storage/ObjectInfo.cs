namespace Sluice.Storage;

/// <summary>What a store knows about one object.</summary>
public sealed record ObjectInfo
{
    /// <summary>The object's key.</summary>
    public required string Key { get; init; }

    /// <summary>The object's size in bytes.</summary>
    public required long ByteCount { get; init; }

    /// <summary>
    /// SHA-256 of the object's bytes (lowercase hex) as recorded when it was written through a Sluice store;
    /// <c>null</c> for objects written by other tools (for example files a user dropped), whose hash is unknown until read.
    /// </summary>
    public string? Sha256 { get; init; }

    /// <summary>The store's entity tag (S3 ETag, or size and modification time for a folder); changes when the object is replaced.</summary>
    public required string ETag { get; init; }

    /// <summary>When the object was last written.</summary>
    public required DateTimeOffset LastModified { get; init; }
}

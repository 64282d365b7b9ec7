namespace Sluice.Contracts;

/// <summary>
/// An object appeared in the drop bucket and should be ingested. Sent by the drop scanner (polling any S3 store or a
/// local folder); MinIO's own bucket notifications arrive in MinIO's event format and are translated into this.
/// </summary>
public sealed record ObjectDropped
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The object's key in the drop bucket.</summary>
    public required string Key { get; init; }

    /// <summary>The object's size in bytes when it was seen.</summary>
    public required long ByteCount { get; init; }

    /// <summary>The store's entity tag when it was seen, if it has one; distinguishes a re-upload under the same key.</summary>
    public string? ETag { get; init; }
}

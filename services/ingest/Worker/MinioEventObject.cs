using System.Text.Json.Serialization;

namespace Sluice.Ingest.Worker;

/// <summary>The object of a MinIO event record.</summary>
public sealed record MinioEventObject
{
    /// <summary>The object's key, URL-encoded as in S3 event notifications (a space arrives as <c>+</c>).</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    /// <summary>The object's size in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>The object's ETag.</summary>
    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }
}

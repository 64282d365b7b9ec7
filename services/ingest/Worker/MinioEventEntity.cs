using System.Text.Json.Serialization;

namespace Sluice.Ingest.Worker;

/// <summary>The <c>s3</c> part of a MinIO event record.</summary>
public sealed record MinioEventEntity
{
    /// <summary>The bucket.</summary>
    [JsonPropertyName("bucket")]
    public MinioEventBucket? Bucket { get; init; }

    /// <summary>The object.</summary>
    [JsonPropertyName("object")]
    public MinioEventObject? Object { get; init; }
}

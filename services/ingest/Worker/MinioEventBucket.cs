using System.Text.Json.Serialization;

namespace Sluice.Ingest.Worker;

/// <summary>The bucket of a MinIO event record.</summary>
public sealed record MinioEventBucket
{
    /// <summary>The bucket's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

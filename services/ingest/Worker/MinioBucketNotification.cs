using System.Text.Json.Serialization;

namespace Sluice.Ingest.Worker;

/// <summary>A bucket notification as MinIO publishes it to AMQP (its S3-compatible event format; only the fields ingest reads).</summary>
public sealed record MinioBucketNotification
{
    /// <summary>The event, for example <c>s3:ObjectCreated:Put</c>.</summary>
    [JsonPropertyName("EventName")]
    public string? EventName { get; init; }

    /// <summary>The bucket and key, <c>&lt;bucket&gt;/&lt;key&gt;</c>.</summary>
    [JsonPropertyName("Key")]
    public string? Key { get; init; }

    /// <summary>The event records (one per object).</summary>
    [JsonPropertyName("Records")]
    public IReadOnlyList<MinioEventRecord>? Records { get; init; }
}

using System.Text.Json.Serialization;

namespace Sluice.Ingest.Worker;

/// <summary>One record of a <see cref="MinioBucketNotification"/>.</summary>
public sealed record MinioEventRecord
{
    /// <summary>The event, for example <c>s3:ObjectCreated:Put</c> or <c>s3:ObjectRemoved:Delete</c>.</summary>
    [JsonPropertyName("eventName")]
    public string? EventName { get; init; }

    /// <summary>The bucket and object the event is about.</summary>
    [JsonPropertyName("s3")]
    public MinioEventEntity? S3 { get; init; }
}

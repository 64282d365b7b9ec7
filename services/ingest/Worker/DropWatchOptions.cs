using Sluice.Hosting;

namespace Sluice.Ingest.Worker;

/// <summary>How the ingest worker finds dropped objects, bound from the <c>DropWatch</c> section.</summary>
public sealed class DropWatchOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "DropWatch";

    /// <summary>
    /// Seconds between scans of the drop store (works with any S3 store or folder; new and changed objects are sent to
    /// ingest, and a cursor in the lake remembers what was seen). Default 5; 0 turns scanning off.
    /// </summary>
    public int ScanIntervalSeconds { get; set; } = 5;

    /// <summary>Only keys under this prefix are scanned. Default empty: the whole drop store.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>
    /// The RabbitMQ exchange MinIO publishes bucket notifications to (MinIO's <c>MINIO_NOTIFY_AMQP_EXCHANGE</c>). When set
    /// and the bus runs on RabbitMQ, a queue bound to it turns each object-created notification into an ingest request.
    /// Default empty: no notifications.
    /// </summary>
    public string MinioExchange { get; set; } = string.Empty;

    /// <summary>The type of <see cref="MinioExchange"/> as MinIO declares it (<c>MINIO_NOTIFY_AMQP_EXCHANGE_TYPE</c>). Default <c>fanout</c>.</summary>
    public string MinioExchangeType { get; set; } = "fanout";

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        if (ScanIntervalSeconds is < 0 or > 86_400)
        {
            yield return $"DropWatch:ScanIntervalSeconds {ScanIntervalSeconds} is not between 0 and 86400";
        }

        if (Prefix.Length > 0 && !Sluice.Storage.ObjectKey.IsValid(Prefix.TrimEnd('/')))
        {
            yield return $"DropWatch:Prefix '{Prefix}' is not a valid key prefix";
        }

        if (MinioExchangeType is not ("fanout" or "direct" or "topic" or "headers"))
        {
            yield return $"DropWatch:MinioExchangeType '{MinioExchangeType}' is not fanout, direct, topic or headers";
        }
    }
}

using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;

namespace Sluice.Ingest.Worker;

/// <summary>
/// Turns MinIO's object-created notifications for the drop bucket into <see cref="ObjectDropped"/> messages for the
/// ingest endpoint; other events and other buckets are logged and ignored.
/// </summary>
internal sealed class MinioNotificationConsumer(StorageOptions storage, ILogger<MinioNotificationConsumer> logger)
    : IConsumer<MinioBucketNotification>
{
    public async Task Consume(ConsumeContext<MinioBucketNotification> context)
    {
        foreach (var record in context.Message.Records ?? [])
        {
            var bucket = record.S3?.Bucket?.Name;
            var encodedKey = record.S3?.Object?.Key;
            if (record.EventName is null || !record.EventName.StartsWith("s3:ObjectCreated:", StringComparison.Ordinal) || encodedKey is null)
            {
                logger.LogDebug("Ignoring MinIO event {EventName} for {Bucket}/{Key}", record.EventName, bucket, encodedKey);
                continue;
            }

            if (bucket != storage.DropBucket)
            {
                logger.LogWarning("Ignoring MinIO event for bucket {Bucket}: the drop bucket is {DropBucket}", bucket, storage.DropBucket);
                continue;
            }

            var key = Uri.UnescapeDataString(encodedKey.Replace('+', ' '));
            await context.PublishRoutedAsync(
                new ObjectDropped { Key = key, ByteCount = record.S3!.Object!.Size, ETag = record.S3.Object.ETag },
                context.CancellationToken).ConfigureAwait(false);
            logger.LogInformation("MinIO reported {SourceKey} ({ByteCount} bytes) dropped", key, record.S3.Object.Size);
        }
    }
}

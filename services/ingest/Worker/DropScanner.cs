using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Ingest.Worker;

/// <summary>
/// Polls the drop store (any S3 store or folder) and publishes <see cref="ObjectDropped"/> for each new or replaced object
/// (the ingest endpoint subscribes to it). The cursor is saved after the publishes are confirmed, so a crash can only send an object twice, never skip it, and the
/// ingest ledger turns a second send of the same bytes into nothing new.
/// </summary>
internal sealed class DropScanner(
    DropWatchOptions options,
    IngestStage stage,
    [FromKeyedServices(ObjectStoreNames.Drop)] IObjectStore drop,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    IBus bus,
    IHostApplicationLifetime lifetime,
    ILogger<DropScanner> logger) : BackgroundService
{
    private const string UnaddressableMarker = "\u0000unaddressable:";

    /// <summary>Scans once: sends what is new, forgets what was deleted, saves the cursor; returns how many objects were sent.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = await DropCursor.LoadAsync(lake, cancellationToken).ConfigureAwait(false);
        var present = new HashSet<string>(StringComparer.Ordinal);
        var sent = 0;
        await foreach (var item in drop.ListAsync(options.Prefix, cancellationToken).ConfigureAwait(false))
        {
            present.Add(item.Key);
            if (cursor.Seen.TryGetValue(item.Key, out var etag) && etag == item.ETag)
            {
                continue;
            }

            await bus.PublishRoutedAsync(new ObjectDropped { Key = item.Key, ByteCount = item.ByteCount, ETag = item.ETag }, cancellationToken).ConfigureAwait(false);
            cursor.Seen[item.Key] = item.ETag;
            sent++;
        }

        // Objects the store cannot read by key are quarantined once each, under a marker that no valid key can equal.
        var quarantined = 0;
        await foreach (var item in drop.ListUnaddressableAsync(options.Prefix, cancellationToken).ConfigureAwait(false))
        {
            var marker = UnaddressableMarker + item.Name;
            present.Add(marker);
            if (cursor.Seen.ContainsKey(marker))
            {
                continue;
            }

            await stage.QuarantineUnreadableAsync(item.Name, item.Problem, item.ByteCount, new LakeShardSink(lake), cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Quarantined dropped object {SourceKey} as {Reason}: {Problem}", item.Name, RejectionReasons.InvalidKey, item.Problem);
            cursor.Seen[marker] = item.Problem;
            quarantined++;
        }

        var removed = cursor.Seen.Keys.Where(k => !present.Contains(k)).ToList();
        foreach (var key in removed)
        {
            cursor.Seen.Remove(key);
        }

        if (sent > 0 || removed.Count > 0 || quarantined > 0)
        {
            await cursor.SaveAsync(lake, cancellationToken).ConfigureAwait(false);
            logger.LogInformation(
                "Drop scan of {Store}: {SentCount} object(s) sent to ingest, {QuarantinedCount} quarantined for unusable names, {RemovedCount} gone",
                drop.Description, sent, quarantined, removed.Count);
        }

        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first scan waits for the host to have started, the bus with its receive endpoints included (as long as the
        // broker is down); an object announced before the ingest queue is bound would come back (it is published
        // mandatory) and be announced again at the next scan.
        if (!await StartedAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(options.ScanIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // A store or broker that is down (or any fault that may heal) is retried at the next scan, never fatal.
            catch (Exception e) when (TransientFaults.IsTransient(e) || e is IOException or InvalidDataException or Amazon.Runtime.AmazonServiceException or RabbitMqConnectionException)
            {
                logger.LogError(e, "Drop scan of {Store} failed; retrying in {Interval}", drop.Description, interval);
            }

            try
            {
                await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Dedupe.Index;
using Sluice.Hosting;
using Sluice.Storage;

namespace Sluice.Dedupe.Worker;

/// <summary>
/// The worker's one global index, opened at the first shard and shared by every concurrent consumer. The in-process
/// index is loaded from the lake and saved back after each shard, before that shard's event is published, so a restarted
/// worker continues from every shard it reported; PostgreSQL persists each batch itself.
/// </summary>
internal sealed class SharedDedupeIndex(
    DedupeOptions dedupe,
    DedupeIndexOptions options,
    [FromKeyedServices(ObjectStoreNames.Lake)] IObjectStore lake,
    ILogger<SharedDedupeIndex> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim openGate = new(1, 1);
    private readonly SemaphoreSlim saveGate = new(1, 1);
    private IDedupeIndex? index;
    private volatile DedupeStage? stage;

    /// <summary>The stage over the opened index; its commit saves an in-process index to the lake.</summary>
    public async Task<DedupeStage> StageAsync(CancellationToken cancellationToken)
    {
        if (stage is not null)
        {
            return stage;
        }

        await openGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (stage is null)
            {
                index = await OpenAsync(cancellationToken).ConfigureAwait(false);
                stage = new DedupeStage(dedupe, index, PersistAsync);
            }

            return stage;
        }
        finally
        {
            openGate.Release();
        }
    }

    /// <summary>Makes every decision taken so far durable (saves the in-process index; PostgreSQL already has them).</summary>
    public async Task PersistAsync(CancellationToken cancellationToken)
    {
        if (index is not InProcessDedupeIndex inProcess)
        {
            return;
        }

        await saveGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var buffer = new MemoryStream();
            await inProcess.SaveAsync(buffer, cancellationToken).ConfigureAwait(false);
            buffer.Position = 0;
            await lake.PutAsync(options.ObjectKey, buffer, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            saveGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (index is not null)
        {
            await index.DisposeAsync().ConfigureAwait(false);
        }

        openGate.Dispose();
        saveGate.Dispose();
    }

    private async Task<IDedupeIndex> OpenAsync(CancellationToken cancellationToken)
    {
        if (options.Kind == DedupeIndexKind.Postgres)
        {
            var postgres = await PostgresDedupeIndex.OpenAsync(options.Postgres, dedupe, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Dedupe index: PostgreSQL schema {Schema}", options.Postgres.Schema);
            return postgres;
        }

        if (await lake.GetInfoAsync(options.ObjectKey, cancellationToken).ConfigureAwait(false) is null)
        {
            logger.LogInformation("Dedupe index: new in-process index, saved to {IndexKey} in {Store}", options.ObjectKey, lake.Description);
            return new InProcessDedupeIndex(dedupe);
        }

        var stream = await lake.OpenReadAsync(options.ObjectKey, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var loaded = await InProcessDedupeIndex.LoadAsync(stream, $"{lake.Description}/{options.ObjectKey}", dedupe, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Dedupe index: loaded {DecisionCount} decisions from {IndexKey} in {Store}", loaded.DecisionCount, options.ObjectKey, lake.Description);
            return loaded;
        }
    }
}

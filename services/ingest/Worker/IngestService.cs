using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.Ingest.Worker;

/// <summary>
/// The ingest service: its options (<c>Ingest</c>, <c>DropWatch</c>), its stage, the <c>ingest</c> endpoint (dropped
/// objects and reprocess requests), the MinIO notification endpoint when <c>DropWatch:MinioExchange</c> is set on
/// RabbitMQ, and the drop scanner when <c>DropWatch:ScanIntervalSeconds</c> is above 0 (never in the embedded run, which
/// drops the folder's files itself).
/// </summary>
public sealed class IngestService : IPipelineService
{
    private bool notifications;

    /// <inheritdoc />
    public string Name => IngestStage.StageName;

    /// <inheritdoc />
    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<IngestOptions>(IngestOptions.SectionName);
        builder.AddSluiceOptions<DropWatchOptions>(DropWatchOptions.SectionName);
        builder.Services.AddSingleton(sp => new IngestStage(sp.GetRequiredService<IngestOptions>()));
        builder.Services.AddSingleton<IngestProcessor>();
        builder.Services.AddSingleton(sp => new Sluice.Stages.SourceReplay(sp.GetRequiredKeyedService<Sluice.Storage.IObjectStore>(ObjectStoreNames.Lake), sp.GetRequiredService<TimeProvider>()));

        // Which endpoints and background services exist is decided while wiring; their settings are validated at start.
        var watch = builder.ReadOptions<DropWatchOptions>(DropWatchOptions.SectionName);
        notifications = watch.MinioExchange.Length > 0 && builder.ReadOptions<BusOptions>(BusOptions.SectionName).Transport == BusTransport.RabbitMq;
        if (watch.ScanIntervalSeconds > 0)
        {
            builder.Services.AddSingleton<DropScanner>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DropScanner>());
        }
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<IngestConsumer>();
        if (notifications)
        {
            bus.AddConsumer<MinioNotificationConsumer, MinioNotificationConsumerDefinition>();
        }
    }
}

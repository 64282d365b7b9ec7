using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.Ingest.Worker;

/// <summary>The ingest service's wiring: its stage, its consumers, and how it finds dropped objects.</summary>
public static class IngestWorkerExtensions
{
    /// <summary>
    /// The whole ingest worker: <see cref="AddIngestStage"/>, the bus with the ingest consumers (and the MinIO
    /// notification endpoint when <c>DropWatch:MinioExchange</c> is set on RabbitMQ), and the drop scanner when
    /// <c>DropWatch:ScanIntervalSeconds</c> is above 0. Call after <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddIngestWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddIngestStage();
        var watch = builder.Configuration.GetSection(DropWatchOptions.SectionName).Get<DropWatchOptions>() ?? new DropWatchOptions();
        var bus = builder.Configuration.GetSection(BusOptions.SectionName).Get<BusOptions>() ?? new BusOptions();
        var notifications = watch.MinioExchange.Length > 0 && bus.Transport == BusTransport.RabbitMq;
        builder.AddSluiceBus(x =>
        {
            x.AddIngestConsumers();
            if (notifications)
            {
                x.AddConsumer<MinioNotificationConsumer, MinioNotificationConsumerDefinition>();
            }
        });
        if (watch.ScanIntervalSeconds > 0)
        {
            builder.Services.AddSingleton<DropScanner>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DropScanner>());
        }

        return builder;
    }

    /// <summary>
    /// The ingest stage and its processor, without a bus: reads and validates the <c>Ingest</c> and <c>DropWatch</c>
    /// sections (throwing <see cref="SluiceConfigurationException"/> listing every problem). The embedded run uses this
    /// with its own bus.
    /// </summary>
    public static IHostApplicationBuilder AddIngestStage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var ingest = builder.Configuration.GetSection(IngestOptions.SectionName).Get<IngestOptions>() ?? new IngestOptions();
        var watch = builder.Configuration.GetSection(DropWatchOptions.SectionName).Get<DropWatchOptions>() ?? new DropWatchOptions();
        var problems = watch.FindProblems().ToList();
        try
        {
            ingest.Validate();
        }
        catch (ArgumentException e)
        {
            problems.Add("Ingest: " + e.Message);
        }

        if (problems.Count > 0)
        {
            throw new SluiceConfigurationException(problems);
        }

        builder.Services.AddSingleton(ingest);
        builder.Services.AddSingleton(watch);
        builder.Services.AddSingleton(new IngestStage(ingest));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestProcessor>();
        return builder;
    }

    /// <summary>Registers the <c>ingest</c> endpoint's consumer (dropped objects and reprocess requests).</summary>
    public static IBusRegistrationConfigurator AddIngestConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<IngestConsumer>();
        return bus;
    }
}

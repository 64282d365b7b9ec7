using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Sluice.Storage;

namespace Sluice.Hosting;

/// <summary>
/// The set-up every Sluice service shares. A service's Program.cs calls <see cref="AddServiceDefaults"/>, then its own
/// wiring (which ends with <see cref="AddSluiceBus"/>), then builds and runs.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Reads and validates the <c>Bus</c>, <c>Storage</c> and <c>Telemetry</c> sections (throwing
    /// <see cref="SluiceConfigurationException"/> listing every problem), and registers the lake and drop object stores
    /// (keyed <see cref="ObjectStoreNames.Lake"/> and <see cref="ObjectStoreNames.Drop"/>), health checks, console logs,
    /// OTLP logs and traces when <c>Telemetry:OtlpEndpoint</c> is set, and the shutdown timeout.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var bus = Bind<BusOptions>(builder, BusOptions.SectionName);
        var storage = Bind<StorageOptions>(builder, StorageOptions.SectionName);
        var telemetry = Bind<TelemetryOptions>(builder, TelemetryOptions.SectionName);
        var problems = bus.FindProblems().Concat(storage.FindProblems()).Concat(telemetry.FindProblems()).ToList();
        if (problems.Count > 0)
        {
            throw new SluiceConfigurationException(problems);
        }

        builder.Services.AddSingleton(bus);
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddKeyedSingleton(ObjectStoreNames.Lake, (_, _) => OpenStore(storage, storage.LakeFolder, storage.LakeBucket));
        builder.Services.AddKeyedSingleton(ObjectStoreNames.Drop, (_, _) => OpenStore(storage, storage.DropFolder, storage.DropBucket));

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(bus.StopTimeoutSeconds + 15));
        SluiceTelemetry.Register(builder, telemetry);
        return builder;
    }

    /// <summary>
    /// Registers MassTransit on the configured transport with the consumers <paramref name="registerConsumers"/> adds:
    /// kebab-case endpoint names derived from the consumer types, bounded in-memory retry then the endpoint's
    /// <c>_error</c> queue, the configured concurrency and prefetch, quorum queues and publisher confirms on RabbitMQ,
    /// and a stop that waits for in-flight messages. Call once, after <see cref="AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSluiceBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> registerConsumers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registerConsumers);
        var bus = Bind<BusOptions>(builder, BusOptions.SectionName);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();

            // Services run where outbound calls may be blocked; MassTransit's usage report would only log failures.
            x.DisableUsageTelemetry();
            registerConsumers(x);
            x.AddConfigureEndpointsCallback((_, endpoint) => ApplyEndpointPolicy(bus, endpoint));
            if (bus.Transport == BusTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = bus.RabbitMq;
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = rabbit.PublisherConfirmation;
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(bus.StopTimeoutSeconds);
        });
        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check, the bus included) and <c>/alive</c> (the process answers).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        return app;
    }

    internal static void ApplyEndpointPolicy(BusOptions bus, IReceiveEndpointConfigurator endpoint)
    {
        endpoint.UseMessageRetry(r => r.Interval(bus.RetryLimit, TimeSpan.FromMilliseconds(bus.RetryIntervalMilliseconds)));
        endpoint.ConcurrentMessageLimit = bus.ConcurrentMessageLimit;
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = bus.PrefetchCount;
            if (bus.RabbitMq.UseQuorumQueues)
            {
                rabbit.SetQuorumQueue();
            }
        }
    }

    private static T Bind<T>(IHostApplicationBuilder builder, string section)
        where T : new()
    {
        var options = new T();
        builder.Configuration.GetSection(section).Bind(options);
        return options;
    }

    private static IObjectStore OpenStore(StorageOptions storage, string folder, string bucket) =>
        storage.Kind == StorageKind.S3 ? ObjectStore.OpenS3(storage.ForBucket(bucket)) : ObjectStore.OpenFolder(folder);
}

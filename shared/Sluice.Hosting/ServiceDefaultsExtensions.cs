using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Hosting;

/// <summary>
/// The set-up every Sluice service shares. A service's Program.cs calls <see cref="AddServiceDefaults"/>, then
/// <see cref="PipelineServiceExtensions.AddPipelineService{TService}"/>, then builds and runs.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Registers the <c>Bus</c>, <c>Storage</c> and <c>Telemetry</c> options (validated when the host starts: a bad setting
    /// stops the start with every problem named), the lake and drop object stores (keyed <see cref="ObjectStoreNames.Lake"/>
    /// and <see cref="ObjectStoreNames.Drop"/>), the <see cref="ShardRunner"/> and its <see cref="ShardInbox"/>, health checks, console logs, OTLP logs and
    /// traces when <c>Telemetry:OtlpEndpoint</c> is set, and the shutdown timeout.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<BusOptions>(BusOptions.SectionName);
        builder.AddSluiceOptions<StorageOptions>(StorageOptions.SectionName);
        builder.AddSluiceOptions<TelemetryOptions>(TelemetryOptions.SectionName);
        builder.Services.AddKeyedSingleton(ObjectStoreNames.Lake, (sp, _) => OpenStore(sp.GetRequiredService<StorageOptions>(), lake: true));
        builder.Services.AddKeyedSingleton(ObjectStoreNames.Drop, (sp, _) => OpenStore(sp.GetRequiredService<StorageOptions>(), lake: false));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new ShardQuarantine(
            sp.GetRequiredKeyedService<IObjectStore>(ObjectStoreNames.Lake), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ShardQuarantine>>()));
        builder.Services.TryAddSingleton(sp => new ShardInbox(
            sp.GetRequiredKeyedService<IObjectStore>(ObjectStoreNames.Lake), sp.GetRequiredService<ILogger<ShardInbox>>()));
        builder.Services.TryAddSingleton(sp => new ShardRunner(
            sp.GetRequiredKeyedService<IObjectStore>(ObjectStoreNames.Lake), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ShardQuarantine>(), sp.GetRequiredService<ILogger<ShardRunner>>()));

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        // Read while wiring, so that validation at start reports every section's problems together.
        var stopSeconds = builder.ReadOptions<BusOptions>(BusOptions.SectionName).StopTimeoutSeconds;
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(stopSeconds + 15));
        SluiceTelemetry.Register(builder, builder.ReadOptions<TelemetryOptions>(TelemetryOptions.SectionName));
        return builder;
    }

    /// <summary>
    /// Registers MassTransit on the configured transport with the consumers <paramref name="registerConsumers"/> adds:
    /// kebab-case endpoint names derived from the consumer types, the <see cref="StageConsumeFilter{T}"/> on every
    /// endpoint, retries with backoff for transient faults only (<see cref="TransientFaults"/>) then the endpoint's
    /// <c>_error</c> queue, the configured concurrency and prefetch, quorum queues and publisher confirms on RabbitMQ,
    /// and a stop that waits for in-flight messages. Call once, after <see cref="AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSluiceBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> registerConsumers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registerConsumers);
        var wiring = builder.ReadOptions<BusOptions>(BusOptions.SectionName);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();

            // Services run where outbound calls may be blocked; MassTransit's usage report would only log failures.
            x.DisableUsageTelemetry();
            registerConsumers(x);
            x.AddConfigureEndpointsCallback((context, _, endpoint) => ApplyEndpointPolicy(context.GetRequiredService<BusOptions>(), endpoint));
            if (wiring.Transport == BusTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = context.GetRequiredService<BusOptions>().RabbitMq;
                    cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = rabbit.PublisherConfirmation;
                    });
                    cfg.UseConsumeFilter(typeof(StageConsumeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseConsumeFilter(typeof(StageConsumeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Started means connected with every receive endpoint bound (work that publishes at start relies on it).
            // A broker that is down at start is waited for as long as it takes, MassTransit retrying the connection: a
            // start timeout would end the process, and nothing restarts a local stack's service.
            o.WaitUntilStarted = true;
            o.StartTimeout = null;
            o.StopTimeout = TimeSpan.FromSeconds(wiring.StopTimeoutSeconds);
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
        var interval = TimeSpan.FromMilliseconds(bus.RetryIntervalMilliseconds);
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<Exception>(TransientFaults.IsTransient);
            r.Exponential(bus.RetryLimit, interval, interval * 30, interval);
        });
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

    private static IObjectStore OpenStore(StorageOptions storage, bool lake) => storage.Kind == StorageKind.S3
        ? ObjectStore.OpenS3(storage.ForBucket(lake ? storage.LakeBucket : storage.DropBucket))
        : ObjectStore.OpenFolder(lake ? storage.LakeFolder : storage.DropFolder);
}

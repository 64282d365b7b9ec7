using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.Dedupe.Worker;

/// <summary>The dedupe service's wiring: its options, its global index and its consumer.</summary>
public static class DedupeWorkerExtensions
{
    /// <summary>
    /// The whole dedupe worker: <see cref="AddDedupeStage"/> and the bus with the dedupe consumer. Call after
    /// <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDedupeWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDedupeStage();
        builder.AddSluiceBus(x => x.AddDedupeConsumers());
        return builder;
    }

    /// <summary>
    /// The dedupe stage, its index and its processor, without a bus: reads and validates the <c>Dedupe</c> and
    /// <c>DedupeIndex</c> sections (throwing <see cref="SluiceConfigurationException"/> listing every problem). The
    /// embedded run uses this with its own bus.
    /// </summary>
    public static IHostApplicationBuilder AddDedupeStage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var dedupe = builder.Configuration.GetSection("Dedupe").Get<DedupeOptions>() ?? new DedupeOptions();
        var index = builder.Configuration.GetSection(DedupeIndexOptions.SectionName).Get<DedupeIndexOptions>() ?? new DedupeIndexOptions();
        var problems = index.FindProblems().ToList();
        try
        {
            dedupe.Validate();
        }
        catch (ArgumentException e)
        {
            problems.Add("Dedupe: " + e.Message);
        }

        if (problems.Count > 0)
        {
            throw new SluiceConfigurationException(problems);
        }

        builder.Services.AddSingleton(dedupe);
        builder.Services.AddSingleton(index);
        builder.Services.AddSingleton<SharedDedupeIndex>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DedupeProcessor>();
        return builder;
    }

    /// <summary>Registers the <c>dedupe</c> endpoint's consumer (document shards from ingest).</summary>
    public static IBusRegistrationConfigurator AddDedupeConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<DedupeConsumer>();
        return bus;
    }
}

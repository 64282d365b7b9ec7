using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;

namespace Sluice.Dedupe.Worker;

/// <summary>
/// The dedupe service: its options (<c>Dedupe</c>, <c>DedupeIndex</c>), its global index, the round job that decides
/// shards in a total order, and the <c>dedupe</c> endpoint that parks them on it.
/// </summary>
public sealed class DedupeService : IPipelineService
{
    /// <inheritdoc />
    public string Name => DedupeStage.StageName;

    /// <inheritdoc />
    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<DedupeOptions>(DedupeOptions.SectionName);
        builder.AddSluiceOptions<DedupeIndexOptions>(DedupeIndexOptions.SectionName);
        builder.Services.AddSingleton<SharedDedupeIndex>();
        builder.Services.TryAddSingleton<IDedupeRoundGate, SettledRoundGate>();
        builder.AddJobHandler<DedupeRoundJob>();
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<DedupeConsumer>();
    }
}

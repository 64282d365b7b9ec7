using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.Dedupe.Worker;

/// <summary>The dedupe service: its options (<c>Dedupe</c>, <c>DedupeIndex</c>), its global index, and the <c>dedupe</c> endpoint.</summary>
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
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<DedupeConsumer>();
    }
}

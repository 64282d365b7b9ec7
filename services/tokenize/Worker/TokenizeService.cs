using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;

namespace Sluice.Tokenize.Worker;

/// <summary>The tokenize service: its options (<c>Tokenize</c>, <c>Jobs</c>), the tokenizer catalog, the tokenizer-training job, and the <c>tokenize</c> endpoint.</summary>
public sealed class TokenizeService : IPipelineService
{
    /// <inheritdoc />
    public string Name => TokenizeStage.StageName;

    /// <inheritdoc />
    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<TokenizeOptions>(TokenizeOptions.SectionName);
        builder.Services.AddSingleton<TokenizerCatalog>();
        builder.AddJobHandler<TokenizerTrainingJob>();
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<TokenizeConsumer>();
    }
}

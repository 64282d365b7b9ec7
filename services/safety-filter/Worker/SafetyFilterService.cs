using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.SafetyFilter.Worker;

/// <summary>
/// The safety-filter service: its options (<c>SafetyFilter</c>, <c>LanguageModel</c>), its stage, and the
/// <c>safety-filter</c> endpoint. When <c>SafetyFilter:Toxicity:WordListFolder</c> is not set, the word lists are the
/// ones the build put beside the program.
/// </summary>
public sealed class SafetyFilterService : IPipelineService
{
    /// <inheritdoc />
    public string Name => SafetyFilterStage.StageName;

    /// <inheritdoc />
    public void AddServices(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSluiceOptions<SafetyFilterOptions>(SafetyFilterOptions.SectionName);
        builder.AddSluiceOptions<LanguageModelOptions>(LanguageModelOptions.SectionName);
        builder.Services.PostConfigure<SafetyFilterOptions>(o =>
        {
            if (o.Toxicity.Enabled && string.IsNullOrWhiteSpace(o.Toxicity.WordListFolder))
            {
                o.Toxicity.WordListFolder = WordListLocator.Find();
            }
        });
        builder.Services.AddSingleton<SafetyFilterStage>();
    }

    /// <inheritdoc />
    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<SafetyFilterConsumer>();
    }
}

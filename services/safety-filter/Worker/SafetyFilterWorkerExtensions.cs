using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.SafetyFilter.Worker;

/// <summary>The safety-filter service's wiring: its rules, its options and its consumer.</summary>
public static class SafetyFilterWorkerExtensions
{
    /// <summary>
    /// The whole safety-filter worker: <see cref="AddSafetyFilterStage"/> and the bus with the <c>Deduplicated</c>
    /// consumer. Call after <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddSafetyFilterWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSafetyFilterStage();
        builder.AddSluiceBus(x => x.AddSafetyFilterConsumers());
        return builder;
    }

    /// <summary>
    /// The safety-filter stage and its processor, without a bus: reads and validates the <c>SafetyFilter</c> and
    /// <c>LanguageModel</c> sections (throwing <see cref="SluiceConfigurationException"/> listing every problem). When
    /// <c>SafetyFilter:Toxicity:WordListFolder</c> is not set, the word lists are looked for beside the program and under
    /// <c>scripts/peers/node_modules/naughty-words</c>. The embedded run uses this with its own bus.
    /// </summary>
    public static IHostApplicationBuilder AddSafetyFilterStage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var filter = builder.Configuration.GetSection("SafetyFilter").Get<SafetyFilterOptions>() ?? new SafetyFilterOptions();
        var model = builder.Configuration.GetSection(LanguageModelOptions.SectionName).Get<LanguageModelOptions>() ?? new LanguageModelOptions();
        if (filter.Toxicity.Enabled && string.IsNullOrWhiteSpace(filter.Toxicity.WordListFolder))
        {
            filter.Toxicity.WordListFolder = WordListLocator.Find();
        }

        var problems = model.FindProblems().ToList();
        foreach (var (name, validate) in new (string, Action)[]
                 {
                     ("Pii", filter.Pii.Validate), ("Language", filter.Language.Validate), ("GopherRepetition", filter.GopherRepetition.Validate),
                     ("GopherQuality", filter.GopherQuality.Validate), ("C4", filter.C4.Validate), ("FineWeb", filter.FineWeb.Validate),
                 })
        {
            try
            {
                validate();
            }
            catch (ArgumentException e)
            {
                problems.Add($"SafetyFilter:{name}: {e.Message}");
            }
        }

        if (filter.Toxicity.Enabled)
        {
            try
            {
                filter.Toxicity.Validate();
            }
            catch (ArgumentException e)
            {
                problems.Add($"SafetyFilter:Toxicity: {e.Message} Set SafetyFilter:Toxicity:WordListFolder to the npm package naughty-words' folder.");
            }
        }

        if (problems.Count > 0)
        {
            throw new SluiceConfigurationException(problems);
        }

        builder.Services.AddSingleton(filter);
        builder.Services.AddSingleton(model);
        builder.Services.AddSingleton<SafetyStageFactory>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SafetyFilterProcessor>();
        return builder;
    }

    /// <summary>Registers the <c>safety-filter</c> endpoint's consumer (deduplicated shards).</summary>
    public static IBusRegistrationConfigurator AddSafetyFilterConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<DeduplicatedConsumer>().Endpoint(e => e.Name = SafetyFilterProcessor.StageName);
        return bus;
    }
}

using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Hosting;

namespace Sluice.Tokenize.Worker;

/// <summary>The tokenize service's wiring: its options, the tokenizer catalog and training job, and its consumers.</summary>
public static class TokenizeWorkerExtensions
{
    /// <summary>
    /// The whole tokenize worker: <see cref="AddTokenizeStage"/> and the bus with the <c>Cleaned</c> and
    /// <c>TrainTokenizer</c> consumers. Call after <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>.
    /// </summary>
    public static IHostApplicationBuilder AddTokenizeWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTokenizeStage();
        builder.AddSluiceBus(x => x.AddTokenizeConsumers());
        return builder;
    }

    /// <summary>
    /// The tokenize stage without a bus: reads and validates the <c>Tokenize</c> section (throwing
    /// <see cref="SluiceConfigurationException"/> listing every problem) and registers the processor. The embedded run
    /// uses this with its own bus.
    /// </summary>
    public static IHostApplicationBuilder AddTokenizeStage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(TokenizeOptions.SectionName).Get<TokenizeOptions>() ?? new TokenizeOptions();
        var problems = options.FindProblems().ToList();
        if (problems.Count > 0)
        {
            throw new SluiceConfigurationException(problems);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenizerCatalog>();
        builder.Services.AddSingleton<TokenizerTrainingJob>();
        builder.Services.AddSingleton<TokenizeProcessor>();
        return builder;
    }

    /// <summary>Registers the <c>tokenize</c> endpoint (cleaned shards) and the <c>tokenizer-training</c> endpoint.</summary>
    public static IBusRegistrationConfigurator AddTokenizeConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<CleanedConsumer>().Endpoint(e => e.Name = TokenizeProcessor.StageName);
        bus.AddConsumer<TrainTokenizerConsumer, TrainTokenizerConsumerDefinition>();
        return bus;
    }
}

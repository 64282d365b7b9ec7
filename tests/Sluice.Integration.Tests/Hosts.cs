using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Dedupe.Worker;
using Sluice.Evaluator.Worker;
using Sluice.Hosting;
using Sluice.Testing;
using Sluice.Ingest.Worker;
using Sluice.SafetyFilter.Worker;
using Sluice.Tokenize.Worker;
using Sluice.Training.Worker;

namespace Sluice.Integration.Tests;

/// <summary>Builds the hosts the tests run against the loopback servers.</summary>
internal static class Hosts
{
    /// <summary>The ingest worker exactly as its Program.cs builds it, with the given settings.</summary>
    public static WebApplication IngestWorker(IDictionary<string, string?> settings) => Worker<IngestService>("ingest", "Sluice.Ingest", settings);

    /// <summary>The dedupe worker exactly as its Program.cs builds it, with the given settings.</summary>
    public static WebApplication DedupeWorker(IDictionary<string, string?> settings) => Worker<DedupeService>("dedupe", "Sluice.Dedupe", settings);

    /// <summary>The safety-filter worker exactly as its Program.cs builds it, with the given settings.</summary>
    public static WebApplication SafetyFilterWorker(IDictionary<string, string?> settings) => Worker<SafetyFilterService>("safety-filter", "Sluice.SafetyFilter", settings);

    /// <summary>The tokenize worker exactly as its Program.cs builds it, with the given settings.</summary>
    public static WebApplication TokenizeWorker(IDictionary<string, string?> settings) => Worker<TokenizeService>("tokenize", "Sluice.Tokenize", settings);

    /// <summary>The trainer worker exactly as its Program.cs builds it, with the given settings.</summary>
    public static WebApplication TrainerWorker(IDictionary<string, string?> settings) => Worker<TrainerService>("trainer", "Sluice.Trainer", settings);

    /// <summary>The evaluator worker exactly as its Program.cs builds it, with the given settings.</summary>
    public static WebApplication EvaluatorWorker(IDictionary<string, string?> settings) => Worker<EvaluatorService>("evaluator", "Sluice.Evaluator", settings);

    /// <summary>A bus of the test's own that records the stages' events.</summary>
    public static IHost EventRecorder(IDictionary<string, string?> settings, RecordedEvents events)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "recorder", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(events);
        builder.AddServiceDefaults();
        builder.AddSluiceBus(x => x.AddConsumer<EventRecorderConsumer>());
        return builder.Build();
    }

    // Each worker reads its own service's appsettings.json, as it does beside its program; the test's output folder
    // holds one of the services' files only (the last copied wins), so it is not the content root.
    private static WebApplication Worker<TService>(string folder, string name, IDictionary<string, string?> settings)
        where TService : IPipelineService, new()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = name,
            EnvironmentName = "Production",
            ContentRootPath = Path.Combine(RepoLayout.Root, "services", folder),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddPipelineService<TService>();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}

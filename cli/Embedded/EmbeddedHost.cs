using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Dedupe.Worker;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Storage;

namespace Sluice.Cli.Embedded;

/// <summary>
/// The host of the commands that run services in this process (<c>sluice run</c>, <c>sluice train --model</c>): the
/// in-memory bus, a folder as the drop store and one as the lake, in-process jobs, and the given services wired as
/// their workers wire them, plus the <see cref="RunMonitor"/> that follows their events.
/// </summary>
internal static class EmbeddedHost
{
    /// <summary>Builds the host for <paramref name="services"/> over <paramref name="dropFolder"/> and <paramref name="lakeFolder"/>.</summary>
    /// <param name="dropFolder">The folder dropped files are read from.</param>
    /// <param name="lakeFolder">The lake folder.</param>
    /// <param name="services">The services to run.</param>
    /// <param name="settings">Settings given on the command line (<c>Section:Key=value</c>), over the environment's.</param>
    public static IHost Build(string dropFolder, string lakeFolder, IReadOnlyList<IPipelineService> services, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "sluice-run",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // In one process every stage is done within seconds of the last file, so tokenizer training need not wait long;
        // a dedupe round waits for the whole drop to be ingested (EmbeddedDropGate), then only for the last messages.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tokenize:Tokenizer:SettleSeconds"] = "2",
            ["Dedupe:SettleSeconds"] = "1",
        });

        // Stage settings come from the environment with the same keys as the workers' (Ingest__TextField=body); where
        // things live, how they talk and who finds the dropped files are the embedded run's own.
        builder.Configuration.AddEnvironmentVariables();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = nameof(BusTransport.InMemory),
            ["Storage:Kind"] = nameof(StorageKind.Folder),
            ["Storage:LakeFolder"] = lakeFolder,
            ["Storage:DropFolder"] = dropFolder,
            ["Jobs:Store"] = nameof(JobStoreKind.InProcess),
            ["DropWatch:ScanIntervalSeconds"] = "0",
            ["DropWatch:MinioExchange"] = string.Empty,
            ["Trainer:StartOnRequestOnly"] = "true",
            ["Trainer:WorkFolder"] = Path.Combine(Path.GetTempPath(), "sluice-trainer", LakeTag(lakeFolder)),
            ["Evaluator:WorkFolder"] = Path.Combine(Path.GetTempPath(), "sluice-evaluator", LakeTag(lakeFolder)),
        });
        builder.AddServiceDefaults();

        // The progress display owns the terminal; only errors are logged to it.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddSingleton<RunMonitor>();
        builder.Services.AddSingleton<EmbeddedDropGate>();
        builder.Services.AddSingleton<IDedupeRoundGate>(sp => sp.GetRequiredService<EmbeddedDropGate>());
        foreach (var service in services)
        {
            service.AddServices(builder);
        }

        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.AddSluiceBus(x =>
        {
            foreach (var service in services)
            {
                service.AddConsumers(x);
            }

            x.AddConsumer<RunMonitorConsumer>();
        });
        return builder.Build();
    }

    // Work folders are per lake, so two runs on different lakes never share a cache.
    private static string LakeTag(string lakeFolder) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lakeFolder)))[..16];
}

using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.TrainerService.Lines;
using Sluice.Ingest;
using Sluice.Ingest.Worker;
using Sluice.Storage;
using Spectre.Console;

namespace Sluice.Cli.Embedded;

/// <summary>
/// The whole pipeline in one process: the in-memory bus, the user's folder as the drop store, a local folder as the
/// lake, and every stage of <see cref="EmbeddedStages.All"/>. Each file in the folder is dropped once; the run ends when
/// every file is ingested (or failed) and every document shard ingest wrote has been tokenized or has failed in a stage.
/// </summary>
internal sealed class EmbeddedRun(string dropFolder, string lakeFolder, IAnsiConsole console)
{
    // A stage that skips a shard without an event (its input vanished) would otherwise keep the run waiting forever.
    private static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(30);

    private const string TrainerStage = "trainer";

    /// <summary>Runs the pipeline; returns 0 when it completed (even if inputs were quarantined), 1 when any object failed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var host = Build();
        var monitor = host.Services.GetRequiredService<RunMonitor>();
        RunReport? report = null;
        var stalled = 0L;
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            var activity = new BusActivityObserver(TimeProvider.System);
            using var observer = bus.ConnectReceiveObserver(activity);
            var drop = host.Services.GetRequiredKeyedService<IObjectStore>(ObjectStoreNames.Drop);
            // The lake may live in the dropped folder (./.sluice by default): it is the run's output, never its input.
            var lakeInsideDrop = Path.GetRelativePath(dropFolder, lakeFolder).Replace(Path.DirectorySeparatorChar, '/') + "/";
            var dropped = new List<ObjectInfo>();
            await foreach (var item in drop.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
            {
                if (!item.Key.StartsWith(lakeInsideDrop, StringComparison.Ordinal))
                {
                    dropped.Add(item);
                }
            }

            // Files the folder store cannot read by key (hidden files, links, odd names) are quarantined, not passed over.
            var unreadable = new List<UnaddressableObject>();
            var stage = host.Services.GetRequiredService<IngestStage>();
            var lakeSink = new LakeShardSink(host.Services.GetRequiredKeyedService<IObjectStore>(ObjectStoreNames.Lake));
            await foreach (var item in drop.ListUnaddressableAsync(string.Empty, cancellationToken).ConfigureAwait(false))
            {
                if (item.Name.StartsWith(lakeInsideDrop, StringComparison.Ordinal))
                {
                    continue;
                }

                await stage.QuarantineUnreadableAsync(item.Name, item.Problem, item.ByteCount, lakeSink, cancellationToken).ConfigureAwait(false);
                unreadable.Add(item);
            }

            report = new RunReport(monitor, lakeFolder, unreadable);
            console.MarkupLineInterpolated($"[bold]sluice run[/]: {dropped.Count} file(s) in {dropFolder}; lake in {lakeFolder}; stages: {string.Join(", ", EmbeddedStages.All.Select(s => s.Name))}");
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var ingest = progress.AddTask("ingest", maxValue: Math.Max(1, dropped.Count));
                    monitor.SourceFinished += () => ingest.Value = monitor.FinishedCount;
                    foreach (var item in dropped)
                    {
                        await bus.Publish(new ObjectDropped { Key = item.Key, ByteCount = item.ByteCount, ETag = item.ETag }, cancellationToken).ConfigureAwait(false);
                    }

                    var later = EmbeddedStages.All.Skip(1).Select(s => (s.Name, Task: progress.AddTask(s.Name, maxValue: 1))).ToList();
                    while (monitor.FinishedCount < dropped.Count || monitor.ShardsFinished < monitor.ShardsExpected)
                    {
                        if (activity.IsIdle(StalledAfter))
                        {
                            stalled = monitor.ShardsExpected - monitor.ShardsFinished;
                            break;
                        }

                        foreach (var (name, task) in later)
                        {
                            task.MaxValue = Math.Max(1, monitor.ShardsExpected);
                            task.Value = monitor.Stages.GetValueOrDefault(name)?.Shards ?? 0;
                        }

                        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    }

                    ingest.Value = ingest.MaxValue;
                    foreach (var (_, task) in later.Where(t => t.Name != TrainerStage))
                    {
                        task.Value = task.MaxValue;
                    }

                    // Once every shard is tokenized, each model line trains on everything that arrived.
                    var lines = host.Services.GetRequiredService<TrainerOptions>().EffectiveLines.Select(l => l.Name).ToList();
                    if (stalled > 0 || monitor.Failures.Count > 0 || monitor.ShardFailures.Count > 0 || monitor.ShardsTokenized == 0)
                    {
                        return;
                    }

                    foreach (var line in lines)
                    {
                        await bus.Publish(new StartTraining { Model = line, RequestId = Guid.NewGuid().ToString("N"), RequestedBy = "sluice run" }, cancellationToken).ConfigureAwait(false);
                    }

                    var training = later.FirstOrDefault(t => t.Name == TrainerStage).Task;
                    while (lines.Any(l => !monitor.FinalCheckpoints.ContainsKey(l) && !monitor.TrainingFailures.ContainsKey(l)))
                    {
                        if (activity.IsIdle(StalledAfter))
                        {
                            stalled = lines.Count(l => !monitor.FinalCheckpoints.ContainsKey(l));
                            break;
                        }

                        if (training is not null && monitor.Training.Values.FirstOrDefault() is { } step)
                        {
                            training.MaxValue = step.MaxSteps;
                            training.Value = step.Step;
                            training.Description = $"trainer {step.RunId} loss {step.Loss:F3}";
                        }

                        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    }

                    if (training is not null)
                    {
                        training.Value = training.MaxValue;
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        (report ?? new RunReport(monitor, lakeFolder, [])).Write(console);
        if (stalled > 0)
        {
            console.MarkupLineInterpolated($"[red]{stalled} shard(s) did not reach the last stage, and nothing happened for {StalledAfter.TotalSeconds} s[/]");
        }

        return monitor.Failures.Count == 0 && monitor.ShardFailures.Count == 0 && monitor.TrainingFailures.Count == 0 && stalled == 0 ? 0 : 1;
    }

    private IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "sluice-run",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // In one process every stage is done within seconds of the last file, so tokenizer training need not wait long.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Tokenize:Tokenizer:SettleSeconds"] = "2" });

        // Stage settings come from the environment with the same keys as the workers' (Ingest__TextField=body); where
        // things live, how they talk and who finds the dropped files are the embedded run's own.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = nameof(BusTransport.InMemory),
            ["Storage:Kind"] = nameof(StorageKind.Folder),
            ["Storage:LakeFolder"] = lakeFolder,
            ["Storage:DropFolder"] = dropFolder,
            ["Jobs:Store"] = nameof(JobStoreKind.InProcess),
            ["DropWatch:ScanIntervalSeconds"] = "0",
            ["DropWatch:MinioExchange"] = string.Empty,
            ["Trainer:WorkFolder"] = Path.Combine(Path.GetTempPath(), "sluice-trainer", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(lakeFolder)))[..16]),
        });
        builder.AddServiceDefaults();

        // The progress display owns the terminal; only errors are logged to it.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        foreach (var service in EmbeddedStages.All)
        {
            service.AddServices(builder);
        }

        builder.Services.AddSingleton<RunMonitor>();
        builder.AddSluiceBus(x =>
        {
            foreach (var service in EmbeddedStages.All)
            {
                service.AddConsumers(x);
            }

            x.AddConsumer<RunMonitorConsumer>();
        });
        return builder.Build();
    }
}

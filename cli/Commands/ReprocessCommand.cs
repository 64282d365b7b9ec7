using System.CommandLine;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Cli.Embedded;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary>
/// <c>sluice reprocess &lt;source&gt; [--from &lt;stage&gt;]</c>: re-runs one dropped object from a stage on, after a
/// configuration change. On an embedded lake it runs the stages in this process (settings from the environment and
/// <c>--set</c>) and waits for the shards to be tokenized; on a running stack (<c>--env-file</c>) it asks ingest and returns.
/// New outputs get new keys when a stage's configuration changed; old outputs stay, and <c>sluice lineage</c> shows both.
/// </summary>
internal static class ReprocessCommand
{
    private static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "The dropped object's key, as sluice lineage and sluice rejected show it (news/a.txt)." };
        var from = new Option<string>("--from") { Description = "The first stage to run again: ingest, dedupe, safety-filter or tokenize.", DefaultValueFactory = _ => ReprocessSource.Ingest };
        from.AcceptOnlyFromAmong([.. ReprocessSource.Stages]);
        var lake = new Option<DirectoryInfo?>("--lake") { Description = "The lake folder of an embedded run. Default: ./.sluice" };
        var drop = new Option<DirectoryInfo?>("--drop") { Description = "The folder the source was dropped from (needed --from ingest). Default: the folder the last sluice run on this lake read." };
        var envFile = new Option<FileInfo?>("--env-file") { Description = "Ask a running stack instead: KEY=VALUE lines with its Bus__… and Storage__… settings (as the local stack writes them)." };
        var set = SettingsOption.Create();
        var command = new Command("reprocess", "Re-run a dropped object from a stage on, after a configuration change; new outputs are written beside the old ones.") { source, from, lake, drop, envFile, set };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var key = parse.GetValue(source)!;
            var stage = parse.GetValue(from)!;
            if (await SettingsOption.ParseAsync(parse.GetValue(set), "reprocess", error) is not { } settings)
            {
                return 2;
            }

            try
            {
                if (parse.GetValue(envFile) is { } file)
                {
                    if (settings.Count > 0)
                    {
                        await error.WriteLineAsync("sluice reprocess: --set applies to an embedded lake; a running stack's services take their settings from their own environment.");
                        return 2;
                    }

                    return await OnStackAsync(output, error, key, stage, file, cancellationToken);
                }

                var lakeFolder = parse.GetValue(lake)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), ".sluice");
                return await EmbeddedAsync(output, error, key, stage, lakeFolder, parse.GetValue(drop)?.FullName, settings, cancellationToken);
            }
            catch (Exception e) when (ConfigurationProblems.Of(e) is { Count: > 0 } problems)
            {
                await error.WriteLineAsync("sluice reprocess: invalid configuration:" + string.Concat(problems.Select(f => Environment.NewLine + "  - " + f)));
                return 2;
            }
            catch (Exception e) when (e is FileNotFoundException or IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException or RabbitMqConnectionException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync("sluice reprocess: " + e.Message.ReplaceLineEndings(" "));
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> EmbeddedAsync(
        TextWriter output, TextWriter error, string key, string stage, string lakeFolder, string? dropFolder, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(lakeFolder))
        {
            await error.WriteLineAsync($"sluice reprocess: there is no lake at {lakeFolder}; pass --lake, or run sluice run first.");
            return 2;
        }

        dropFolder ??= await LastRunDrop.ReadAsync(lakeFolder, cancellationToken);
        if (dropFolder is null && stage == ReprocessSource.Ingest)
        {
            await error.WriteLineAsync("sluice reprocess: --from ingest reads the file again; pass --drop <folder> (the folder sluice run read).");
            return 2;
        }

        var emptyDrop = dropFolder is null ? Directory.CreateTempSubdirectory("sluice-reprocess-").FullName : null;
        try
        {
            using var host = EmbeddedHost.Build(dropFolder ?? emptyDrop!, lakeFolder, EmbeddedStages.All, settings);
            var monitor = host.Services.GetRequiredService<RunMonitor>();
            await host.StartAsync(cancellationToken);
            SourceReplayed? answer;
            try
            {
                var bus = host.Services.GetRequiredService<IBus>();
                var activity = new BusActivityObserver(TimeProvider.System);
                using var observer = bus.ConnectReceiveObserver(activity);
                await bus.Publish(new ReprocessSource { SourceKey = key, FromStage = stage, RequestedBy = "sluice reprocess" }, cancellationToken);
                await output.WriteLineAsync($"sluice reprocess: {key} from {stage}; lake in {lakeFolder}");
                while (true)
                {
                    answer = monitor.Replays.GetValueOrDefault(key);
                    var reread = stage != ReprocessSource.Ingest || monitor.FinishedCount > 0;
                    if (answer?.Refusal is not null || (answer is not null && reread && monitor.ShardsFinished >= monitor.ShardsExpected) || activity.IsIdle(StalledAfter))
                    {
                        break;
                    }

                    await Task.Delay(100, cancellationToken);
                }
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }

            if (answer is null)
            {
                await error.WriteLineAsync($"sluice reprocess: ingest did not answer within {StalledAfter.TotalSeconds} s.");
                return 1;
            }

            if (answer.Refusal is not null)
            {
                await error.WriteLineAsync($"sluice reprocess: {answer.Refusal}");
                return 1;
            }

            return await ReportAsync(output, monitor, key, stage, answer);
        }
        finally
        {
            if (emptyDrop is not null)
            {
                Directory.Delete(emptyDrop, recursive: true);
            }
        }
    }

    private static async Task<int> ReportAsync(TextWriter output, RunMonitor monitor, string key, string stage, SourceReplayed answer)
    {
        var ingested = monitor.Sources.GetValueOrDefault(key);
        var inputs = stage == ReprocessSource.Ingest ? ingested?.DocumentShards.Count ?? 0 : answer.ShardKeys.Count;
        await output.WriteLineAsync($"{inputs} shard(s) re-run from {stage}{(answer.Skipped.Count > 0 ? $"; {answer.Skipped.Count} refused earlier and not re-run" : string.Empty)}");
        foreach (var name in ReprocessSource.Stages.SkipWhile(s => s != stage))
        {
            if (monitor.Stages.GetValueOrDefault(name) is { } tally)
            {
                var removed = tally.RemovedByReason.Count == 0 ? "none removed" : "removed " + string.Join(", ", tally.RemovedByReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));
                await output.WriteLineAsync($"  {name,-14} {tally.Records,8:N0} documents  {tally.Bytes,12:N0} text bytes  {removed}");
            }
        }

        foreach (var (shard, reason) in monitor.ShardFailures)
        {
            await output.WriteLineAsync($"  failed {shard}: {reason}");
        }

        var stalled = monitor.ShardsExpected - monitor.ShardsFinished;
        if (stalled > 0)
        {
            await output.WriteLineAsync($"{stalled} shard(s) did not reach tokenize, and nothing happened for {StalledAfter.TotalSeconds} s");
        }

        await output.WriteLineAsync($"sluice lineage {key} shows the new outputs beside the old; sluice train --model <line> trains on them");
        return monitor.ShardFailures.Count == 0 && stalled <= 0 ? 0 : 1;
    }

    private static async Task<int> OnStackAsync(TextWriter output, TextWriter error, string key, string stage, FileInfo envFile, CancellationToken cancellationToken)
    {
        if (!envFile.Exists)
        {
            throw new FileNotFoundException($"the env file {envFile.FullName} does not exist");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "sluice-reprocess" });
        builder.Configuration.AddEnvironmentVariables().AddInMemoryCollection(EnvFile.Read(envFile));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // What will be re-run is checked against the lake first, so a typo is an answer here, not a warning in ingest's log.
        var storage = new StorageOptions();
        builder.Configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        if (storage.FindProblems().ToList() is { Count: > 0 } problems)
        {
            await error.WriteLineAsync("sluice reprocess: " + string.Join("; ", problems));
            return 2;
        }

        var lakeStore = storage.Kind == StorageKind.S3 ? ObjectStore.OpenS3(storage.ForBucket(storage.LakeBucket)) : ObjectStore.OpenFolder(storage.LakeFolder);
        try
        {
            if (stage != ReprocessSource.Ingest)
            {
                var plan = await new SourceReplay(lakeStore, TimeProvider.System).PlanAsync(key, stage, null, cancellationToken);
                if (plan.Refusal is not null)
                {
                    await error.WriteLineAsync($"sluice reprocess: {plan.Refusal}");
                    return 1;
                }

                await output.WriteLineAsync($"{plan.InputKeys.Count} shard(s) of {key} will be re-run from {stage}");
            }
        }
        finally
        {
            (lakeStore as IDisposable)?.Dispose();
        }

        builder.AddSluiceOptions<BusOptions>(BusOptions.SectionName);
        builder.AddSluiceBus(_ => { });
        using var host = builder.Build();
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(TimeSpan.FromSeconds(30));
        await host.StartAsync(connecting.Token);
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(new ReprocessSource { SourceKey = key, FromStage = stage, RequestedBy = "sluice reprocess" }, connecting.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        await output.WriteLineAsync($"asked ingest to re-run {key} from {stage}; sluice status shows the work in flight, sluice lineage {key} the outputs");
        return 0;
    }
}

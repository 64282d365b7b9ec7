using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;
using Sluice.Hosting;
using Sluice.Hosting.Jobs;
using Sluice.Stages;
using Sluice.Training.Lines;
using Sluice.Training.Worker;
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
internal sealed class EmbeddedRun(string dropFolder, string lakeFolder, IAnsiConsole console, IReadOnlyDictionary<string, string?>? settings = null)
{
    // A stage that skips a shard without an event (its input vanished) would otherwise keep the run waiting forever.
    private static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(30);

    private const string TrainerStage = "trainer";
    private const string EvaluatorStage = "evaluator";

    /// <summary>Runs the pipeline; returns 0 when it completed (even if inputs were quarantined), 1 when any object failed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var host = EmbeddedHost.Build(dropFolder, lakeFolder, EmbeddedStages.All, settings);
        var monitor = host.Services.GetRequiredService<RunMonitor>();
        RunReport? report = null;
        var stalled = 0L;
        var stalledTraining = 0;
        var interrupted = false;
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LastRunDrop.WriteAsync(lakeFolder, dropFolder, cancellationToken).ConfigureAwait(false);
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

            host.Services.GetRequiredService<EmbeddedDropGate>().Expect(dropped.Count);
            report = new RunReport(monitor, lakeFolder, unreadable);
            console.MarkupLineInterpolated($"[bold]sluice run[/]: {dropped.Count + unreadable.Count} file(s) in {dropFolder}; lake in {lakeFolder}; stages: {string.Join(", ", EmbeddedStages.All.Select(s => s.Name))}");
            // A terminal gets live bars; anything else gets plain lines, one per quarter of each task, in order.
            var plain = console.Profile.Capabilities.Interactive ? null : new PlainProgressLog(console);
            var bars = plain is null ? console : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
            using var stopPrinting = new CancellationTokenSource();
            var printing = plain?.RunAsync(TimeSpan.FromMilliseconds(250), stopPrinting.Token) ?? Task.CompletedTask;
            try
            {
                await bars.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var ingest = progress.AddTask("ingest", maxValue: Math.Max(1, dropped.Count));
                        plain?.Watch(ingest);
                        monitor.SourceFinished += () => ingest.Value = monitor.FinishedCount;
                        foreach (var item in dropped)
                        {
                            await bus.Publish(new ObjectDropped { Key = item.Key, ByteCount = item.ByteCount, ETag = item.ETag }, cancellationToken).ConfigureAwait(false);
                        }

                        var later = EmbeddedStages.All.Skip(1).Select(s => (s.Name, Task: progress.AddTask(s.Name, maxValue: 1))).ToList();
                        foreach (var (name, task) in later)
                        {
                            // A stage's shard count is final once every file is ingested; the trainer's steps and the
                            // evaluator's checkpoints are set once they are known.
                            plain?.Watch(task, name is TrainerStage or EvaluatorStage ? null : () => monitor.FinishedCount >= dropped.Count && task.MaxValue >= monitor.ShardsExpected);
                        }

                        while (monitor.FinishedCount < dropped.Count || monitor.ShardsFinished < monitor.ShardsExpected)
                        {
                            if (activity.IsIdle(StalledAfter))
                            {
                                stalled = monitor.ShardsExpected - monitor.ShardsFinished;
                                break;
                            }

                            foreach (var (name, task) in later.Where(t => t.Name is not TrainerStage and not EvaluatorStage))
                            {
                                task.MaxValue = Math.Max(1, monitor.ShardsExpected);
                                task.Value = monitor.Stages.GetValueOrDefault(name)?.Shards ?? 0;
                            }

                            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                        }

                        ingest.Value = ingest.MaxValue;
                        foreach (var (_, task) in later.Where(t => t.Name is not TrainerStage and not EvaluatorStage))
                        {
                            task.Value = task.MaxValue;
                        }

                        // Once every shard is tokenized, each model line trains on everything that arrived; with nothing new,
                        // a line whose last run was interrupted resumes it.
                        if (stalled > 0 || monitor.Failures.Count > 0 || monitor.ShardFailures.Count > 0)
                        {
                            return;
                        }

                        // The trainer records each token shard as its own consumer gets to it; a line asked to train before
                        // that would train on fewer shards than this run made (and another run of the same files on more).
                        while (activity.Finished<Tokenized>(typeof(TrainerConsumer)) < monitor.ShardsTokenized)
                        {
                            if (activity.IsIdle(StalledAfter))
                            {
                                stalled = monitor.ShardsTokenized - activity.Finished<Tokenized>(typeof(TrainerConsumer));
                                return;
                            }

                            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                        }

                        var ledger = host.Services.GetRequiredService<LineLedger>();
                        var lines = new List<string>();
                        foreach (var line in host.Services.GetRequiredService<TrainerOptions>().EffectiveLines)
                        {
                            if (monitor.ShardsTokenized > 0 || (await ledger.ReadStateAsync(line.Name, cancellationToken).ConfigureAwait(false)).RunPending)
                            {
                                lines.Add(line.Name);
                            }
                        }

                        var requests = lines.ToDictionary(l => l, _ => Guid.NewGuid().ToString("N"), StringComparer.Ordinal);
                        foreach (var (line, requestId) in requests)
                        {
                            await bus.Publish(new StartTraining { Model = line, RequestId = requestId, RequestedBy = "sluice run" }, cancellationToken).ConfigureAwait(false);
                        }

                        var training = later.FirstOrDefault(t => t.Name == TrainerStage).Task;
                        while (requests.Any(r => !monitor.Settled(r.Key, r.Value)))
                        {
                            if (activity.IsIdle(StalledAfter))
                            {
                                stalledTraining = requests.Count(r => !monitor.Settled(r.Key, r.Value));
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

                        // Each line that trained here ends with its last checkpoint evaluated (a failed evaluation is announced too).
                        var evaluated = monitor.FinalCheckpoints.Keys.Where(requests.ContainsKey).ToList();
                        var evaluation = later.FirstOrDefault(t => t.Name == EvaluatorStage).Task;
                        if (evaluation is not null)
                        {
                            evaluation.MaxValue = Math.Max(1, evaluated.Count);
                        }

                        while (stalledTraining == 0 && monitor.TrainingFailures.Count == 0 && evaluated.Any(m => monitor.FinalEvaluation(m) is null))
                        {
                            if (evaluation is not null)
                            {
                                evaluation.Value = evaluated.Count(m => monitor.FinalEvaluation(m) is not null);
                            }

                            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                        }

                        if (evaluation is not null)
                        {
                            evaluation.Value = evaluation.MaxValue;
                        }
                    }).ConfigureAwait(false);
            }
            finally
            {
                await stopPrinting.CancelAsync().ConfigureAwait(false);
                await printing.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stopping the host below stops each stage after its current shard and the trainer after its
            // current step, which it checkpoints into the lake first.
            interrupted = true;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        (report ?? new RunReport(monitor, lakeFolder, [])).Write(console, interrupted);
        if (interrupted)
        {
            // The checkpoint taken on the way out may not have been announced before the bus stopped (the next run
            // announces it), so the lake says where it is.
            var checkpoints = new DirectoryInfo(Path.Combine(lakeFolder, "checkpoints"));
            var saved = checkpoints.Exists
                ? checkpoints.EnumerateFiles("manifest.json", SearchOption.AllDirectories).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()
                : null;
            console.MarkupLineInterpolated($"[yellow]interrupted[/]{(saved is null ? string.Empty : $"; the newest checkpoint is {saved.DirectoryName}, and sluice run or sluice train --model <line> resumes its run")}");
            return 130;
        }

        if (stalled > 0)
        {
            console.MarkupLineInterpolated($"[red]{stalled} shard(s) did not reach the last stage, and nothing happened for {StalledAfter.TotalSeconds} s[/]");
        }

        if (stalledTraining > 0)
        {
            console.MarkupLineInterpolated($"[red]{stalledTraining} model line(s) did not finish training, and nothing happened for {StalledAfter.TotalSeconds} s[/]");
        }

        // An evaluation that could not run (a dataset without a validation split, say) is reported above, like a
        // quarantined input: the run itself did its work.
        return monitor.Failures.Count == 0 && monitor.ShardFailures.Count == 0 && monitor.TrainingFailures.Count == 0 && stalled == 0 && stalledTraining == 0 ? 0 : 1;
    }
}

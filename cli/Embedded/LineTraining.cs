using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Contracts;
using Sluice.Training.Lines;
using Sluice.Training.Worker;
using Spectre.Console;

namespace Sluice.Cli.Embedded;

/// <summary>
/// <c>sluice train --model &lt;line&gt; --lake &lt;folder&gt;</c>: the trainer service in this process over a folder lake
/// (the one <c>sluice run</c> wrote), asked to train one model line. It resumes the line's interrupted run, or trains a
/// run on token shards that arrived since its last one; with neither, the line is up to date.
/// </summary>
internal sealed class LineTraining(string lakeFolder, IAnsiConsole console)
{
    /// <summary>Trains <paramref name="model"/>; 0 when it trained or was up to date, 1 when training failed, 130 when interrupted.</summary>
    public async Task<int> RunAsync(string model, CancellationToken cancellationToken)
    {
        var drop = Directory.CreateTempSubdirectory("sluice-train-drop");
        try
        {
            using var host = EmbeddedHost.Build(drop.FullName, lakeFolder, EmbeddedStages.All.Where(s => s.Name == TrainingLineJob.StageName).ToList());
            var options = host.Services.GetRequiredService<TrainerOptions>();
            if (options.Line(model) is null)
            {
                throw new ArgumentException($"no model line named {model} is configured; known: {string.Join(", ", options.EffectiveLines.Select(l => l.Name))} (Trainer__Lines__0__Name=…)");
            }

            return await TrainAsync(host, model, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            drop.Delete(recursive: true);
        }
    }

    private async Task<int> TrainAsync(IHost host, string model, CancellationToken cancellationToken)
    {
        var monitor = host.Services.GetRequiredService<RunMonitor>();
        var requestId = Guid.NewGuid().ToString("N");
        var interrupted = false;
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(new StartTraining { Model = model, RequestId = requestId, RequestedBy = "sluice train" }, cancellationToken).ConfigureAwait(false);
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask($"{model}: planning", maxValue: 1);
                    while (!monitor.Settled(model, requestId))
                    {
                        if (monitor.Training.GetValueOrDefault(model) is { } step)
                        {
                            bar.MaxValue = step.MaxSteps;
                            bar.Value = step.Step;
                            bar.Description = $"{model} {step.RunId} loss {step.Loss:F3}, {step.TokensPerSecond:N0} tokens/s";
                        }

                        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                    }

                    bar.Value = bar.MaxValue;
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            // Stopping the trainer mid-run checkpoints the step it is on into the lake.
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (interrupted)
        {
            var saved = monitor.Checkpoints.Where(c => c.Model == model).OrderByDescending(c => c.OccurredAt).FirstOrDefault();
            console.MarkupLineInterpolated($"[yellow]interrupted[/]{(saved is null ? string.Empty : $": {saved.RunId} was at step {saved.Step} of {saved.MaxSteps}, checkpoint {CheckpointFolder(saved)}; the same command resumes it")}");
            return 130;
        }

        if (monitor.TrainingFailures.TryGetValue(model, out var reason))
        {
            console.MarkupLineInterpolated($"[red]sluice train: model line {model} failed: {reason}[/]");
            return 1;
        }

        var answer = monitor.Answers[requestId];
        var trained = monitor.Checkpoints.FirstOrDefault(c => c.Model == model && c.RunId == answer.RunId && c.Step == c.MaxSteps);
        if (trained is null)
        {
            console.MarkupLineInterpolated($"model line {model}: {answer.Outcome}");
        }
        else
        {
            var validation = trained.ValidationLoss is { } v ? $", validation loss {v:F4}" : string.Empty;
            console.MarkupLineInterpolated($"model line {model}: {trained.RunId} trained to step {trained.Step}, loss {trained.TrainLoss:F4}{validation}; checkpoint {CheckpointFolder(trained)}; dataset {Path.Combine(lakeFolder, trained.Dataset.Key)}");
        }

        return 0;
    }

    private string CheckpointFolder(CheckpointSaved saved) => Path.Combine(lakeFolder, saved.Manifest.Key[..saved.Manifest.Key.LastIndexOf('/')]);
}

using System.CommandLine;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Cli.Embedded;
using Sluice.Contracts;
using Sluice.Hosting;
using Spectre.Console;

namespace Sluice.Cli;

/// <summary><c>sluice train --model &lt;line&gt;</c>: a model line trained in this process over a lake folder, or asked to train on the running stack.</summary>
internal static class TrainLineCommand
{
    public static async Task<int> RunAsync(ParseResult parseResult, string model, DirectoryInfo? lake, bool stack, FileInfo? envFile, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        try
        {
            if (stack)
            {
                return await RequestOnStackAsync(stdout, model, envFile, cancellationToken);
            }

            var lakeFolder = lake?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), ".sluice");
            if (!Directory.Exists(lakeFolder))
            {
                stderr.WriteLine($"sluice train: there is no lake at {lakeFolder}; run sluice run first or pass --lake");
                return 2;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(stdout),
                Ansi = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
                Interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected ? InteractionSupport.Detect : InteractionSupport.No,
            });
            if (!ReferenceEquals(stdout, Console.Out) || Console.IsOutputRedirected)
            {
                console.Profile.Width = 160;
            }

            return await new LineTraining(lakeFolder, console).RunAsync(model, cancellationToken);
        }
        catch (Exception e) when (ConfigurationProblems.Of(e) is { Count: > 0 } problems)
        {
            stderr.WriteLine("sluice train: invalid configuration: " + string.Join("; ", problems));
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or IOException or FileNotFoundException or MassTransitException or TimeoutException)
        {
            stderr.WriteLine("sluice train: " + e.Message.ReplaceLineEndings(" "));
            return 1;
        }
    }

    private static async Task<int> RequestOnStackAsync(TextWriter stdout, string model, FileInfo? envFile, CancellationToken cancellationToken)
    {
        if (envFile is { Exists: false })
        {
            throw new FileNotFoundException($"the env file {envFile.FullName} does not exist");
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "sluice-train" });
        builder.Configuration.AddEnvironmentVariables().AddInMemoryCollection(EnvFile.Read(envFile));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSluiceOptions<BusOptions>(BusOptions.SectionName);
        builder.AddSluiceBus(_ => { });
        using var host = builder.Build();
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(TimeSpan.FromSeconds(30));
        await host.StartAsync(connecting.Token);
        try
        {
            var request = new StartTraining { Model = model, RequestId = Guid.NewGuid().ToString("N"), RequestedBy = "sluice train --stack" };
            await host.Services.GetRequiredService<IBus>().Publish(request, connecting.Token);
            await stdout.WriteLineAsync($"asked model line {model} to train (request {request.RequestId}); the trainer's logs and TrainingProgress events show the run, CheckpointSaved its checkpoints");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        return 0;
    }
}

using System.CommandLine;
using Sluice.Cli.Embedded;
using Sluice.Hosting;
using Spectre.Console;

namespace Sluice.Cli;

/// <summary><c>sluice run &lt;folder&gt;</c>: the embedded pipeline over the files of a folder.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The folder of files to ingest (any supported format; subfolders included)." };
        var lake = new Option<DirectoryInfo?>("--lake") { Description = "Where the lake lives (shards, quarantine, state). Default: ./.sluice" };
        var set = SettingsOption.Create();
        var command = new Command("run", "Run every pipeline stage built so far, in this process, over the files of a folder.") { folder, lake, set };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            });
            if (!terminal)
            {
                // Logs and pipes get whole lines rather than tables wrapped at a guessed width.
                console.Profile.Width = 160;
            }

            if (await SettingsOption.ParseAsync(parseResult.GetValue(set), "run", parseResult.InvocationConfiguration.Error) is not { } settings)
            {
                return 2;
            }

            var drop = parseResult.GetValue(folder)!;
            if (!drop.Exists)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"sluice run: the folder {drop.FullName} does not exist.");
                return 2;
            }

            var lakeFolder = parseResult.GetValue(lake)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), ".sluice");
            // A lake inside the folder would be ingested too, unless it sits in a dot-folder, which the drop listing skips.
            var relative = Path.GetRelativePath(drop.FullName, lakeFolder);
            var insideDrop = relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
            if (insideDrop && (relative == "." || !relative.Split(Path.DirectorySeparatorChar).Any(segment => segment.StartsWith('.'))))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"sluice run: the lake {lakeFolder} is inside the folder being ingested; pass --lake elsewhere.");
                return 2;
            }

            try
            {
                return await new EmbeddedRun(drop.FullName, lakeFolder, console, settings).RunAsync(cancellationToken);
            }
            catch (Exception e) when (ConfigurationProblems.Of(e) is { Count: > 0 } problems)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("sluice run: invalid configuration:" + string.Concat(problems.Select(f => Environment.NewLine + "  - " + f)));
                return 2;
            }
        });
        return command;
    }
}

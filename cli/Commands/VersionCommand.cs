using System.CommandLine;
using System.Reflection;

namespace Sluice.Cli;

/// <summary><c>sluice version</c>: prints the tool's version and runtime.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of sluice and the .NET runtime it runs on.");
        command.SetAction(parseResult =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            parseResult.InvocationConfiguration.Output.WriteLine($"sluice {version} (.NET {Environment.Version})");
            return 0;
        });
        return command;
    }
}

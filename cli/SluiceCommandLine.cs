using System.CommandLine;

namespace Sluice.Cli;

/// <summary>The root of the <c>sluice</c> command; each verb group lives in its own file under <c>Commands/</c>.</summary>
internal static class SluiceCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Sluice: raw text in, a trained and evaluated language model out.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(TokenizerCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DropCommand.Create());
        root.Subcommands.Add(RejectedCommand.Create());
        root.Subcommands.Add(LineageCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(ReprocessCommand.Create());
        root.Subcommands.Add(ParquetCommand.Create());
        return root;
    }
}

using System.CommandLine;
using Sluice.Tokenizer;

namespace Sluice.Cli;

/// <summary><c>sluice tokenizer encode|decode|train|stats</c>: byte-level BPE tokenizers (tiktoken's standard encodings or trained ones).</summary>
internal static class TokenizerCommand
{
    public static Command Create()
    {
        var command = new Command("tokenizer", "Encode, decode, train and measure byte-level BPE tokenizers.");
        command.Subcommands.Add(TokenizerEncodeCommand.Create());
        command.Subcommands.Add(TokenizerDecodeCommand.Create());
        command.Subcommands.Add(TokenizerTrainCommand.Create());
        command.Subcommands.Add(TokenizerStatsCommand.Create());
        return command;
    }

    /// <summary>The <c>--encoding</c> option shared by the verbs.</summary>
    public static Option<string> EncodingOption() => new("--encoding", "-e")
    {
        Description = $"A standard encoding ({string.Join(", ", TiktokenEncodings.Names)}) or the path of a tokenizer file written by 'sluice tokenizer train'.",
        DefaultValueFactory = _ => "cl100k_base",
    };

    /// <summary>Runs a verb's body, turning the library's typed errors into a message on stderr and exit code 1.</summary>
    public static int Run(ParseResult parseResult, Func<TextWriter, int> body)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(parseResult.InvocationConfiguration.Output);
        }
        catch (Exception e) when (e is IOException or ArgumentException or FormatException or NotSupportedException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}

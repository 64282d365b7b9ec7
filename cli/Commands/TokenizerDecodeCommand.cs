using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sluice.Tokenizer;

namespace Sluice.Cli;

/// <summary><c>sluice tokenizer decode --encoding &lt;name|path&gt; &lt;file&gt;</c>: ids (one per line, or a JSON array) back to text.</summary>
internal static class TokenizerDecodeCommand
{
    public static Command Create()
    {
        var encoding = TokenizerCommand.EncodingOption();
        var file = new Argument<FileInfo>("file") { Description = "Token ids: one per line or white-space separated, or a JSON array ('-' reads standard input)." };
        var command = new Command("decode", "Decode token ids back into text.") { encoding, file };
        command.SetAction(parseResult => TokenizerCommand.Run(parseResult, output =>
        {
            var tokenizer = TiktokenEncodings.GetOrLoad(parseResult.GetValue(encoding)!);
            var input = parseResult.GetValue(file)!;
            var ids = ParseIds(TokenizerEncodeCommand.ReadText(input), input.Name);
            output.Write(tokenizer.Decode(ids));
            return 0;
        }));
        return command;
    }

    private static int[] ParseIds(string text, string source)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<int[]>(trimmed)!;
            }
            catch (JsonException e)
            {
                throw new FormatException($"{source} is not a JSON array of token ids: {e.Message}", e);
            }
        }

        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!int.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
            {
                throw new FormatException($"{source}: item {i + 1} ('{fields[i]}') is not a token id.");
            }
        }

        return ids;
    }
}

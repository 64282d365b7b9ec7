using System.CommandLine;
using System.Text.Json;
using Sluice.Tokenizer;

namespace Sluice.Cli;

/// <summary><c>sluice tokenizer encode --encoding &lt;name|path&gt; &lt;file&gt;</c>: token ids, one per line or as JSON.</summary>
internal static class TokenizerEncodeCommand
{
    public static Command Create()
    {
        var encoding = TokenizerCommand.EncodingOption();
        var file = new Argument<FileInfo>("file") { Description = "UTF-8 text to encode ('-' reads standard input)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of one id per line." };
        var allowSpecial = new Option<bool>("--allow-special") { Description = "Turn special tokens written in the text (e.g. <|endoftext|>) into their ids." };
        var ordinary = new Option<bool>("--ordinary") { Description = "Encode special tokens written in the text as plain text." };
        var command = new Command("encode", "Encode a text file into token ids. Special tokens in the text are an error unless --allow-special or --ordinary is given.")
        {
            encoding, file, json, allowSpecial, ordinary,
        };
        command.SetAction(parseResult => TokenizerCommand.Run(parseResult, output =>
        {
            var tokenizer = TiktokenEncodings.GetOrLoad(parseResult.GetValue(encoding)!);
            var text = ReadText(parseResult.GetValue(file)!);
            var ids = parseResult.GetValue(ordinary) ? tokenizer.EncodeOrdinary(text)
                : parseResult.GetValue(allowSpecial) ? tokenizer.Encode(text, tokenizer.SpecialTokens.Keys.ToArray())
                : tokenizer.Encode(text);
            if (parseResult.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(ids));
            }
            else
            {
                foreach (var id in ids)
                {
                    output.WriteLine(id);
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Reads a file (or standard input for '-') as UTF-8.</summary>
    public static string ReadText(FileInfo file) =>
        file.Name == "-" ? Console.In.ReadToEnd()
        : file.Exists ? File.ReadAllText(file.FullName)
        : throw new FileNotFoundException($"{file.FullName} does not exist.", file.FullName);
}

using System.CommandLine;
using System.Text;
using Sluice.Tokenizer;

namespace Sluice.Cli;

/// <summary><c>sluice tokenizer stats --encoding &lt;name|path&gt; &lt;files&gt;</c>: compression and vocabulary coverage on text.</summary>
internal static class TokenizerStatsCommand
{
    public static Command Create()
    {
        var encoding = TokenizerCommand.EncodingOption();
        var files = new Argument<FileInfo[]>("files") { Description = "UTF-8 text files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("stats", "Bytes per token, characters per token and vocabulary coverage of a tokenizer on text files.") { encoding, files };
        command.SetAction(parseResult => TokenizerCommand.Run(parseResult, output =>
        {
            var tokenizer = TiktokenEncodings.GetOrLoad(parseResult.GetValue(encoding)!);
            var used = new bool[tokenizer.VocabularySize];
            long bytes = 0, chars = 0, tokens = 0;
            foreach (var file in parseResult.GetValue(files)!)
            {
                var text = TokenizerEncodeCommand.ReadText(file);
                var ids = tokenizer.EncodeOrdinary(text);
                bytes += Encoding.UTF8.GetByteCount(text);
                chars += text.Length;
                tokens += ids.Length;
                foreach (var id in ids)
                {
                    used[id] = true;
                }
            }

            var distinct = used.Count(u => u);
            output.WriteLine($"tokenizer        {tokenizer.Name} ({tokenizer.Id})");
            output.WriteLine($"bytes            {bytes}");
            output.WriteLine($"tokens           {tokens}");
            output.WriteLine($"bytes/token      {(tokens == 0 ? 0 : (double)bytes / tokens):F3}");
            output.WriteLine($"chars/token      {(tokens == 0 ? 0 : (double)chars / tokens):F3}");
            output.WriteLine($"vocab coverage   {distinct} of {tokenizer.VocabularySize} ids used ({100.0 * distinct / tokenizer.VocabularySize:F1}%)");
            return 0;
        }));
        return command;
    }
}

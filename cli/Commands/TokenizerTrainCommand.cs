using System.CommandLine;
using System.Diagnostics;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Training;

namespace Sluice.Cli;

/// <summary><c>sluice tokenizer train --vocab-size N &lt;files&gt;</c>: learns a byte-level BPE and writes it in three formats.</summary>
internal static class TokenizerTrainCommand
{
    public static Command Create()
    {
        var defaults = new BpeTrainerOptions();
        var vocabSize = new Option<int>("--vocab-size") { Description = "Total ids: 256 bytes + merges + special tokens.", DefaultValueFactory = _ => defaults.VocabularySize };
        var minFrequency = new Option<long>("--min-frequency") { Description = "Merge only pairs seen at least this often.", DefaultValueFactory = _ => defaults.MinimumPairFrequency };
        var pattern = new Option<string>("--pattern") { Description = "Pre-tokenization: gpt2, cl100k, o200k, or a regular expression in tiktoken's syntax (possessive quantifiers, \\p{..} classes).", DefaultValueFactory = _ => defaults.Pattern };
        var special = new Option<string[]>("--special") { Description = "Special tokens (repeatable).", DefaultValueFactory = _ => defaults.SpecialTokens.ToArray(), AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Folder for the files (default: tokenizers/<tokenizer id>)." };
        var files = new Argument<FileInfo[]>("files") { Description = "UTF-8 text files; every line is one training sequence.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("train", "Train a byte-level BPE tokenizer; writes tokenizer.tiktoken.json (Sluice/tiktoken), ranks.tiktoken and tokenizer.json (Hugging Face).")
        {
            vocabSize, minFrequency, pattern, special, output, files,
        };
        command.SetAction(parseResult => TokenizerCommand.Run(parseResult, stdout =>
        {
            var inputs = parseResult.GetValue(files)!;
            foreach (var missing in inputs.Where(f => !f.Exists))
            {
                throw new FileNotFoundException($"{missing.FullName} does not exist.", missing.FullName);
            }

            var watch = Stopwatch.StartNew();
            var trainer = new BpeTrainer(new BpeTrainerOptions
            {
                VocabularySize = parseResult.GetValue(vocabSize),
                MinimumPairFrequency = parseResult.GetValue(minFrequency),
                Pattern = parseResult.GetValue(pattern)!,
                SpecialTokens = parseResult.GetValue(special)!,
            });
            var result = trainer.Train(inputs.SelectMany(f => ReadLinesWithBreaks(f.FullName)));
            var tokenizer = result.Tokenizer;
            var folder = parseResult.GetValue(output)?.FullName ?? Path.Combine("tokenizers", tokenizer.Id);
            Directory.CreateDirectory(folder);
            TokenizerFile.Save(tokenizer, Path.Combine(folder, "tokenizer.tiktoken.json"));
            TokenizerFile.SaveTiktokenRanks(tokenizer, Path.Combine(folder, "ranks.tiktoken"));
            HuggingFaceTokenizerJson.Save(tokenizer, Path.Combine(folder, "tokenizer.json"));
            stdout.WriteLine($"trained {tokenizer.VocabularySize} ids ({result.Merges.Count} merges) from {result.TotalWords} words ({result.DistinctWords} distinct) in {watch.Elapsed.TotalSeconds:F1} s");
            stdout.WriteLine($"id {tokenizer.Id}");
            stdout.WriteLine($"wrote {folder}/tokenizer.tiktoken.json, ranks.tiktoken, tokenizer.json");
            return 0;
        }));
        return command;
    }

    private static IEnumerable<string> ReadLinesWithBreaks(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[1 << 16];
        var pending = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == '\n')
                {
                    pending.Append(buffer, start, i + 1 - start);
                    yield return pending.ToString();
                    pending.Clear();
                    start = i + 1;
                }
            }

            pending.Append(buffer, start, read - start);
        }

        if (pending.Length > 0)
        {
            yield return pending.ToString();
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Tokenizer.Tests;

/// <summary>The <c>sluice tokenizer</c> verbs, run as the real program.</summary>
public sealed class TokenizerCliTests : IDisposable
{
    private readonly string _folder = RepoLayout.NewTempFolder("tokenizer-cli");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Encode_and_decode_round_trip_through_files()
    {
        var text = string.Join("\n\n", TestTexts.Fortunes(10)) + " 😀 e\u0301";
        var input = Write("in.txt", text);
        var (code, json, _) = Sluice("tokenizer", "encode", "--encoding", "o200k_base", "--json", input);
        Assert.Equal(0, code);
        Assert.Equal(TiktokenEncodings.Get("o200k_base").EncodeOrdinary(text), JsonSerializer.Deserialize<int[]>(json));

        var (_, lines, _) = Sluice("tokenizer", "encode", "-e", "o200k_base", input);
        var ids = Write("ids.txt", lines);
        var (decodeCode, decoded, _) = Sluice("tokenizer", "decode", "-e", "o200k_base", ids);
        Assert.Equal(0, decodeCode);
        Assert.Equal(text, decoded);
    }

    [Fact]
    public void Special_tokens_in_text_are_an_error_unless_allowed()
    {
        var input = Write("special.txt", "a<|endoftext|>b");
        var (code, _, error) = Sluice("tokenizer", "encode", input);
        Assert.Equal(1, code);
        Assert.Contains("<|endoftext|>", error);
        var (allowedCode, json, _) = Sluice("tokenizer", "encode", "--allow-special", "--json", input);
        Assert.Equal(0, allowedCode);
        Assert.Contains(100257, JsonSerializer.Deserialize<int[]>(json)!);
        var (missingCode, _, missing) = Sluice("tokenizer", "encode", "-e", "no_such_encoding", input);
        Assert.Equal(1, missingCode);
        Assert.Contains("no_such_encoding", missing);
    }

    [Fact]
    public void Train_writes_three_formats_and_stats_reads_the_result()
    {
        var corpus = Write("corpus.txt", BrownCorpus.Text(400_000));
        var output = Path.Combine(_folder, "trained");
        var (code, stdout, _) = Sluice("tokenizer", "train", "--vocab-size", "1500", "--pattern", "o200k", "-o", output, corpus);
        Assert.Equal(0, code);
        var tokenizer = TokenizerFile.Load(Path.Combine(output, "tokenizer.tiktoken.json"));
        Assert.Contains(tokenizer.Id, stdout);
        Assert.Equal(1500, tokenizer.VocabularySize);
        Assert.Equal(1499, File.ReadLines(Path.Combine(output, "ranks.tiktoken")).Count());
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));

        var (statsCode, stats, _) = Sluice("tokenizer", "stats", "--encoding", Path.Combine(output, "tokenizer.tiktoken.json"), corpus);
        Assert.Equal(0, statsCode);
        var bytesPerToken = double.Parse(stats.Split('\n').Single(l => l.StartsWith("bytes/token", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(bytesPerToken, 2.5, 6);
        Assert.Contains("of 1500 ids used", stats);
    }

    [Fact]
    public void Train_takes_a_custom_regex_pattern_and_rejects_an_invalid_one()
    {
        var corpus = Write("corpus.txt", BrownCorpus.Text(200_000));
        var output = Path.Combine(_folder, "custom");
        var (code, _, _) = Sluice("tokenizer", "train", "--vocab-size", "600", "--pattern", CustomPatternTests.SingleDigits, "-o", output, corpus);
        Assert.Equal(0, code);
        var tokenizer = TokenizerFile.Load(Path.Combine(output, "tokenizer.tiktoken.json"));
        Assert.Equal(CustomPatternTests.SingleDigits, tokenizer.Pattern);
        Assert.Equal(3, tokenizer.EncodeOrdinary("747").Length);

        var (badCode, _, error) = Sluice("tokenizer", "train", "--pattern", @"[^\s+", "-o", Path.Combine(_folder, "bad"), corpus);
        Assert.Equal(1, badCode);
        Assert.Contains("Invalid pre-tokenization pattern", error);
        Assert.Contains(@"[^\s+", error);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Output, string Error) Sluice(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sluice.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

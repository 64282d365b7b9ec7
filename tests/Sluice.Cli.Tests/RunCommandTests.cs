using System.CommandLine;
using System.Text;
using Sluice.Hosting;
using Sluice.Documents;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary><c>sluice run</c>: the embedded pipeline over a real folder, with the lake in another folder.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string drop = RepoLayout.NewTempFolder("run-drop");
    private readonly string lake = RepoLayout.NewTempFolder("run-lake");

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.Delete(drop, recursive: true);
        Directory.Delete(lake, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> SluiceAsync(params string[] args)
    {
        var output = new StringWriter();
        var exitCode = await SluiceCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exitCode, output.ToString());
    }

    private static List<Document> ReadShards(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories)
                .SelectMany(f =>
                {
                    using var stream = File.OpenRead(f);
                    return DocumentShardReader.ReadDocuments(stream, f).ToList();
                })
                .ToList()
            : [];

    private static List<string> LakeFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_folder_of_real_text_becomes_document_shards_with_bad_input_quarantined_and_the_run_succeeds()
    {
        var brown = BrownCorpus.Documents().Take(3).ToList();
        foreach (var (name, text) in brown)
        {
            await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        }

        Directory.CreateDirectory(Path.Combine(drop, "records"));
        var fortunes = Fortunes.Read("en").Take(5).ToList();
        await File.WriteAllTextAsync(
            Path.Combine(drop, "records", "fortunes.jsonl"),
            string.Concat(fortunes.Select(f => System.Text.Json.JsonSerializer.Serialize(new { text = f }) + "\n")) + "{ not json\n");
        var binary = new byte[2048];
        new Random(7).NextBytes(binary);
        await File.WriteAllBytesAsync(Path.Combine(drop, "scan.txt"), binary);

        var (exitCode, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(exitCode == 0, output);
        var documents = ReadShards(Path.Combine(lake, "docs", "raw"));
        Assert.Equal(brown.Count + fortunes.Count, documents.Count);
        Assert.Equal(documents.Count, documents.Select(d => d.Id).Distinct().Count());
        Assert.Equal(fortunes.Count, documents.Count(d => d.Source == "records/fortunes.jsonl"));
        Assert.True(Directory.EnumerateFiles(Path.Combine(lake, "rejected", "ingest", "binary-file")).Any());
        Assert.True(Directory.EnumerateFiles(Path.Combine(lake, "rejected", "ingest", "invalid-json")).Any());
        Assert.Contains("binary-file", output, StringComparison.Ordinal);
        Assert.Contains("invalid-json", output, StringComparison.Ordinal);
        Assert.Contains("run completed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_book_a_source_file_and_a_chat_export_each_reach_the_cleaned_shards_under_their_own_profile()
    {
        // A book-length text (the Brown Corpus's fiction, one corpus file per chapter, lines wrapped as in print), the
        // JavaScript of an installed package, and chat records: as web pages most of each would be stripped or removed.
        var chapters = BrownCorpus.Documents().Where(d => d.Name[1] is >= 'k' and <= 'r').Take(12)
            .Select((d, i) => $"CHAPTER {i + 1}\n\n" + string.Join("\n\n", d.Text.Split("\n\n").Select(p => System.Text.RegularExpressions.Regex.Replace(p, "(.{1,70})(?: |$)", "$1\n").TrimEnd())))
            .ToList();
        await File.WriteAllTextAsync(Path.Combine(drop, "long-road.txt"), "THE LONG ROAD\n\n" + string.Join("\n\n", chapters));
        var script = Directory.GetFiles(Path.Combine(RepoLayout.PeerPackage("s3rver"), "lib"), "*.js", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First(f => new FileInfo(f).Length > 2_000);
        File.Copy(script, Path.Combine(drop, "server.js"));
        var fortunes = Fortunes.Read("en").Where(f => f.Length is > 20 and < 200).Take(24).ToList();
        await File.WriteAllLinesAsync(Path.Combine(drop, "chats.jsonl"), fortunes.Chunk(4).Select(turns => System.Text.Json.JsonSerializer.Serialize(new
        {
            messages = turns.Select((t, i) => new { role = i % 2 == 0 ? "user" : "assistant", content = t.Replace('\n', ' ') }),
        })));

        var (exitCode, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(exitCode == 0, output);
        string Profile(Document d) => System.Text.Json.JsonDocument.Parse(d.Metadata).RootElement.GetProperty("profile").GetString()!;
        var raw = ReadShards(Path.Combine(lake, "docs", "raw"));
        Assert.Equal(chapters.Count + 1, raw.Count(d => d.Source == "long-road.txt" && Profile(d) == "book"));
        Assert.Equal("code", Profile(Assert.Single(raw, d => d.Source == "server.js")));
        Assert.Equal(6, raw.Count(d => d.Source == "chats.jsonl" && Profile(d) == "conversation"));

        var clean = ReadShards(Path.Combine(lake, "docs", "clean"));
        Assert.True(clean.Count(d => d.Source == "long-road.txt") >= chapters.Count - 1, output);
        var code = Assert.Single(clean, d => d.Source == "server.js");
        Assert.Equal(File.ReadAllText(script).Replace("\r\n", "\n").Trim(), code.Text);
        Assert.Equal(6, clean.Count(d => d.Source == "chats.jsonl"));
        Assert.Contains("run completed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_files_and_links_in_the_folder_are_quarantined_with_their_reason_not_skipped()
    {
        var (name, text) = BrownCorpus.Documents().Skip(20).First();
        await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        await File.WriteAllTextAsync(Path.Combine(drop, ".notes.txt"), "a hidden file");
        File.CreateSymbolicLink(Path.Combine(drop, "linked.txt"), Path.Combine(drop, name + ".txt"));

        var (exitCode, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(exitCode == 0, output);
        Assert.Single(ReadShards(Path.Combine(lake, "docs", "raw")));
        var quarantine = Path.Combine(lake, "rejected", "ingest", "invalid-key");
        var rejected = Directory.GetFiles(quarantine, "*.parquet")
            .SelectMany(f =>
            {
                using var stream = File.OpenRead(f);
                return DocumentShardReader.ReadRejected(stream, f).ToList();
            })
            .OrderBy(r => r.Source, StringComparer.Ordinal)
            .ToList();
        Assert.Equal([".notes.txt", "linked.txt"], rejected.Select(r => r.Source));
        Assert.All(rejected, r => Assert.Equal("invalid-key", r.Reason));
        Assert.Contains("symbolic link", rejected[1].Detail, StringComparison.Ordinal);
        Assert.Contains("invalid-key", output, StringComparison.Ordinal);
        Assert.Contains(".notes.txt", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_again_over_the_same_files_writes_nothing_new()
    {
        foreach (var (name, text) in BrownCorpus.Documents().Skip(10).Take(2))
        {
            await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        }

        var (first, _) = await SluiceAsync("run", drop, "--lake", lake);
        var before = LakeFiles(lake).Select(f => (f, File.GetLastWriteTimeUtc(Path.Combine(lake, f)))).ToList();
        var (second, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Contains("2 already ingested", output, StringComparison.Ordinal);
        Assert.Equal(before, LakeFiles(lake).Select(f => (f, File.GetLastWriteTimeUtc(Path.Combine(lake, f)))).ToList());
    }

    [Fact]
    public async Task Empty_files_of_any_kind_are_each_quarantined_under_their_name_and_none_counts_as_already_ingested()
    {
        await File.WriteAllBytesAsync(Path.Combine(drop, "empty.txt"), []);
        await File.WriteAllBytesAsync(Path.Combine(drop, "empty.gz"), []);

        var (_, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.Contains("2 file(s), 0 already ingested", output, StringComparison.Ordinal);
        var records = Directory.GetFiles(Path.Combine(lake, "rejected", "ingest", "empty-file"), "*.parquet").SelectMany(f =>
        {
            using var stream = File.OpenRead(f);
            return DocumentShardReader.ReadRejected(stream, f).ToList();
        });
        Assert.Equal(["empty.gz", "empty.txt"], records.Select(r => r.Source).Order(StringComparer.Ordinal));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(lake, "state", "ingest", "sources"), "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_missing_folder_is_a_failed_run_with_a_clear_message()
    {
        var missing = Path.Combine(drop, "no-such-folder");

        var (exitCode, output) = await SluiceAsync("run", missing, "--lake", lake);

        Assert.Equal(2, exitCode);
        Assert.Contains(missing, output, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lake_defaults_to_dot_sluice_in_the_current_folder_and_is_never_ingested_itself()
    {
        await File.WriteAllTextAsync(Path.Combine(drop, "one.txt"), BrownCorpus.Documents().Skip(20).First().Text);
        var previous = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(drop);
        try
        {
            var (first, output1) = await SluiceAsync("run", ".");
            var (second, output2) = await SluiceAsync("run", ".");

            Assert.True(first == 0, output1);
            Assert.True(second == 0, output2);
            Assert.Single(ReadShards(Path.Combine(drop, ".sluice", "docs", "raw")));
            Assert.Contains("1 file(s)", output2, StringComparison.Ordinal);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Fact]
    public async Task Duplicates_are_removed_by_dedupe_and_a_later_run_still_remembers_what_was_kept()
    {
        var (name, text) = BrownCorpus.Documents().Skip(5).First();
        await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        await File.WriteAllTextAsync(Path.Combine(drop, "lower-case-copy.txt"), text.ToLowerInvariant());

        var (first, output1) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(first == 0, output1);
        Assert.Contains("exact 1", output1, StringComparison.Ordinal);
        Assert.Single(ReadShards(Path.Combine(lake, "docs", "dedup")));
        Assert.Single(Directory.GetFiles(Path.Combine(lake, "rejected", "dedupe", "exact")));
        Assert.True(File.Exists(Path.Combine(lake, "state", "dedupe", "index.bin")), "the in-process index is saved in the lake");

        // A new process over the same lake: the index is loaded from the lake, so a copy dropped now is still caught.
        await File.WriteAllTextAsync(Path.Combine(drop, "upper-case-copy.txt"), text.ToUpperInvariant());
        var (second, output2) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(second == 0, output2);
        Assert.Contains("exact 1", output2, StringComparison.Ordinal);
        Assert.Single(ReadShards(Path.Combine(lake, "docs", "dedup")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(lake, "rejected", "dedupe", "exact")).Length);
    }

    [Fact]
    public async Task The_run_ends_with_token_shards_of_one_tokenizer_trained_on_the_cleaned_text_that_decode_to_it_and_a_model_trained_on_them()
    {
        var brown = BrownCorpus.Documents().Skip(20).Take(4).ToList();
        foreach (var (name, text) in brown)
        {
            await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        }

        var (exitCode, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(exitCode == 0, output);
        Assert.Contains("tokenize", output, StringComparison.Ordinal);
        var tokenizerFolder = Assert.Single(Directory.GetDirectories(Path.Combine(lake, "tokenizers")));
        var tokenizer = Sluice.Tokenizer.TokenizerFile.Load(Path.Combine(tokenizerFolder, "tokenizer.tiktoken.json"));
        Assert.Equal(Path.GetFileName(tokenizerFolder), tokenizer.Id);
        Assert.Contains(tokenizer.Id, output, StringComparison.Ordinal);
        var cleaned = ReadShards(Path.Combine(lake, "docs", "clean")).ToDictionary(d => d.Id, d => d.Text);
        Assert.NotEmpty(cleaned);
        var decoded = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(lake, "tokens", tokenizer.Id), "*.bin", SearchOption.AllDirectories))
        {
            using var shard = Sluice.Tokenizer.Shards.TokenShardReader.Open(file);
            foreach (var document in shard.Documents)
            {
                decoded.Add(document.Id, tokenizer.DecodeStrict(shard.ReadDocument(document)));
            }
        }

        Assert.Equal(cleaned.OrderBy(p => p.Key, StringComparer.Ordinal), decoded.OrderBy(p => p.Key, StringComparer.Ordinal));

        // The demo model line trained one run on exactly those token shards, to its last step.
        using var dataset = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(lake, "datasets", "demo", "000001.json")));
        var shardKeys = dataset.RootElement.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("tokens").GetProperty("key").GetString()!).Order(StringComparer.Ordinal);
        var tokenFiles = Directory.GetFiles(Path.Combine(lake, "tokens", tokenizer.Id), "*.bin", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(lake, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal);
        Assert.Equal(tokenFiles, shardKeys);
        Assert.Equal(tokenizer.Id, dataset.RootElement.GetProperty("tokenizerId").GetString());
        var checkpoint = Directory.GetDirectories(Path.Combine(lake, "checkpoints", "demo", "run-000001")).Order(StringComparer.Ordinal).Last();
        using var training = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(checkpoint, "training.json")));
        var position = training.RootElement.GetProperty("position").GetProperty("step").GetInt64();
        Assert.Equal(training.RootElement.GetProperty("options").GetProperty("maxSteps").GetInt64(), position);
        Assert.True(File.Exists(Path.Combine(checkpoint, "manifest.json")));
        Assert.Contains("demo run-000001", output, StringComparison.Ordinal);

        // Not a terminal: progress comes as plain lines, each stage's in rising quarters to 100 %, none repeated.
        var progress = output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l.TrimEnd(), @"^(?<stage>[a-z-]+)(?: [^:]*)?: (?<percent>\d+)% \((?<value>\d+)/(?<max>\d+)\)$"))
            .Where(m => m.Success).Select(m => (Stage: m.Groups["stage"].Value, Percent: int.Parse(m.Groups["percent"].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var stage in new[] { "ingest", "dedupe", "safety-filter", "tokenize", "trainer", "evaluator" })
        {
            var percents = progress.Where(p => p.Stage == stage).Select(p => p.Percent).ToList();
            Assert.True(percents.Count > 0 && percents[^1] == 100, $"{stage}: {string.Join(", ", percents)} in {output}");
            Assert.True(percents.Zip(percents.Skip(1)).All(p => p.First < p.Second), $"{stage} repeats or goes back: {string.Join(", ", percents)}");
        }

        Assert.DoesNotContain(": 0%", output, StringComparison.Ordinal);

        // The summary's rows: files as in the first line, documents and text bytes as the shards hold them, the token
        // files and tokens tokenize wrote, and the evaluation.
        string[] Row(string stage) => output.Split('\n').First(l => l.StartsWith($"│ {stage} ", StringComparison.Ordinal)).Split('│').Select(c => c.Trim()).ToArray();
        Assert.Equal($"{brown.Count} file(s), 0 already ingested", Row("ingest")[2]);
        Assert.Contains($"sluice run: {brown.Count} file(s) in", output, StringComparison.Ordinal);
        var deduplicated = ReadShards(Path.Combine(lake, "docs", "dedup"));
        Assert.Equal(deduplicated.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Row("dedupe")[4]);
        Assert.Equal(deduplicated.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Row("dedupe")[5]);
        var tokenFileCount = Directory.GetFiles(Path.Combine(lake, "tokens", tokenizer.Id), "*.bin", SearchOption.AllDirectories).Length;
        var tokens = Directory.GetFiles(Path.Combine(lake, "tokens", tokenizer.Id), "*.bin", SearchOption.AllDirectories).Sum(f =>
        {
            using var shard = Sluice.Tokenizer.Shards.TokenShardReader.Open(f);
            return shard.Header.TokenCount;
        });
        Assert.Equal(tokenFileCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Row("tokenize")[3]);
        Assert.StartsWith($"{tokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} tokens (", Row("tokenize")[2], StringComparison.Ordinal);
        Assert.Matches(@"^demo run-000001 step \d+$", Row("evaluator")[2]);
        Assert.Matches(@"^bits_per_byte \d+\.\d{4} \(unigram \d+\.\d{4}\), (promote|decline)$", Row("evaluator")[6]);
    }

    [Fact]
    public async Task When_the_filter_keeps_nothing_to_train_a_tokenizer_on_the_run_fails_saying_so_and_a_later_run_with_text_trains_it()
    {
        // One short fortune: too few words for the quality rules, so no cleaned text exists to train on.
        await File.WriteAllTextAsync(Path.Combine(drop, "short.txt"), Fortunes.Read("en").First(f => f.Length < 80));

        var (exitCode, output) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.Equal(1, exitCode);
        Assert.Contains("no cleaned text to train on", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(lake, "state", "tokenize", "tokenizer-policies")), "no tokenizer may be frozen from nothing");

        // Text the filter keeps, dropped later into the same lake: the earlier failure does not stand in the way.
        File.Delete(Path.Combine(drop, "short.txt"));
        var (name, text) = BrownCorpus.Documents().Skip(30).First();
        await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        var (again, output2) = await SluiceAsync("run", drop, "--lake", lake);

        Assert.True(again == 0, output2);
        Assert.Single(Directory.GetDirectories(Path.Combine(lake, "tokenizers")));
        Assert.Single(Directory.GetFiles(Path.Combine(lake, "state", "tokenize", "tokenizer-policies"), "*.json"));
    }
}

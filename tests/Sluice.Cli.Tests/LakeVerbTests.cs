using System.CommandLine;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>The verbs that read a lake (<c>sluice rejected</c>, <c>sluice lineage</c>) on what a real embedded run wrote, and <c>sluice drop</c>.</summary>
[Collection(RunLakeCollection.Name)]
public sealed class LakeVerbTests(RunLake run) : IDisposable
{
    private readonly string scratch = RepoLayout.NewTempFolder("verbs-scratch");
    private readonly string lake = run.Lake;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static Task<(int ExitCode, string Output, string Error)> SluiceAsync(params string[] args) => RunLake.SluiceAsync(args);

    [Fact]
    public async Task Rejected_lists_what_each_stage_removed_with_reason_detail_and_locator_as_a_table_and_as_json()
    {
        var (code, table, error) = await SluiceAsync("rejected", "--lake", lake);

        Assert.True(code == 0, error);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("STAGE", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("ingest", StringComparison.Ordinal) && l.Contains("binary-file", StringComparison.Ordinal) && l.Contains("scan.txt", StringComparison.Ordinal) && l.Contains("(whole object)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("invalid-json", StringComparison.Ordinal) && l.Contains("fortunes.jsonl", StringComparison.Ordinal) && l.Contains("line:5", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dedupe", StringComparison.Ordinal) && l.Contains("exact", StringComparison.Ordinal) && l.Contains("#row=", StringComparison.Ordinal));
        var total = int.Parse(lines[^1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 3, lines[^1]);
        foreach (var count in new[] { "dedupe/exact 1", "ingest/binary-file 1", "ingest/invalid-json 1" })
        {
            Assert.Contains(count, lines[^1], StringComparison.Ordinal);
        }

        // Filtered and as JSON: the record of the bad line, its locator and the detail that says what was wrong.
        (code, var json, error) = await SluiceAsync("rejected", "--lake", lake, "--stage", "ingest", "--reason", "invalid-json", "--json");
        Assert.True(code == 0, error);
        using var parsed = JsonDocument.Parse(json);
        var only = Assert.Single(parsed.RootElement.EnumerateArray());
        Assert.Equal(("record", "ingest", "invalid-json", "fortunes.jsonl"), (only.GetProperty("kind").GetString(), only.GetProperty("stage").GetString(), only.GetProperty("reason").GetString(), only.GetProperty("source").GetString()));
        Assert.Contains("line:5", only.GetProperty("locator").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(only.GetProperty("detail").GetString()));
        Assert.Equal(JsonValueKind.Object, only.GetProperty("metadata").ValueKind);
        Assert.StartsWith("rejected/ingest/invalid-json/", only.GetProperty("key").GetString(), StringComparison.Ordinal);

        // The dedupe record names the kept copy's shard row it lost to, not an empty locator.
        (code, json, _) = await SluiceAsync("rejected", "--lake", lake, "--stage", "dedupe", "--json");
        using var dedupe = JsonDocument.Parse(json);
        var removed = Assert.Single(dedupe.RootElement.EnumerateArray());
        Assert.StartsWith("docs/raw/", removed.GetProperty("locator").GetString(), StringComparison.Ordinal);
        Assert.Equal(32, removed.GetProperty("id").GetString()!.Length);

        (code, var none, _) = await SluiceAsync("rejected", "--lake", lake, "--source", "no-such-");
        Assert.Equal((0, "Nothing rejected matches."), (code, none.Trim()));
        (code, var limited, _) = await SluiceAsync("rejected", "--lake", lake, "--limit", "1");
        Assert.Contains($"… {total - 1} more (--limit 0 prints all)", limited, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lineage_follows_a_dropped_file_forward_to_its_checkpoints_and_evaluation_and_a_checkpoint_back_to_the_files()
    {
        var text = run.Kept.First(run.Texts.Contains);
        var (code, forward, error) = await SluiceAsync("lineage", text, "--lake", lake);

        Assert.True(code == 0, error);
        var lines = forward.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"source {text}", lines[0]);
        var order = new[] { "ingest → docs/raw/", "dedupe → docs/dedup/", "safety-filter → docs/clean/", "tokenize → tokens/", "dataset datasets/demo/000001.json", "checkpoint checkpoints/demo/run-000001/" };
        var at = order.Select(o => Array.FindIndex(lines, l => l.Contains(o, StringComparison.Ordinal))).ToList();
        Assert.True(at.All(i => i > 0) && at.SequenceEqual(at.Order()), forward);
        Assert.Contains(lines, l => l.Contains("→ evaluated: evals/demo/run-000001/", StringComparison.Ordinal));

        // Of the two copies, the one dedupe removed, and the binary file, end where they were removed.
        (_, var removedJson, _) = await SluiceAsync("rejected", "--lake", lake, "--stage", "dedupe", "--json");
        string copy;
        using (var removed = JsonDocument.Parse(removedJson))
        {
            copy = Assert.Single(removed.RootElement.EnumerateArray()).GetProperty("source").GetString()!;
            Assert.Contains(copy, new[] { "copy.txt", run.Texts[0] });
            (code, var lost, _) = await SluiceAsync("lineage", copy, "--lake", lake);
            Assert.Equal(0, code);
            Assert.Contains("rejected by dedupe (exact): 1 in rejected/dedupe/exact/", lost, StringComparison.Ordinal);
        }

        (code, var scan, _) = await SluiceAsync("lineage", "scan.txt", "--lake", lake);
        Assert.Equal(0, code);
        Assert.Contains("rejected by ingest (binary-file)", scan, StringComparison.Ordinal);
        Assert.DoesNotContain("docs/raw/", scan, StringComparison.Ordinal);

        // Backward from the last checkpoint: its evaluation, its dataset, and each dropped file through every shard.
        var checkpoint = Directory.GetFiles(Path.Combine(lake, "checkpoints"), "manifest.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        var folder = Path.GetRelativePath(lake, Path.GetDirectoryName(checkpoint)!).Replace(Path.DirectorySeparatorChar, '/') + "/";
        (code, var backward, error) = await SluiceAsync("lineage", folder, "--lake", lake);
        Assert.True(code == 0, error);
        Assert.StartsWith($"checkpoint {folder}", backward, StringComparison.Ordinal);
        Assert.Contains("evaluation: evals/demo/run-000001/", backward, StringComparison.Ordinal);
        Assert.Contains("dataset datasets/demo/000001.json", backward, StringComparison.Ordinal);
        foreach (var name in run.Kept.Distinct())
        {
            Assert.Contains($"source {name} ", backward, StringComparison.Ordinal);
        }

        Assert.Matches($@"tokens/\S+ ← docs/clean/\S+ ← docs/dedup/\S+ ← docs/raw/\S+ ← {System.Text.RegularExpressions.Regex.Escape(text)}", backward);
        Assert.DoesNotContain($"source {copy} ", backward, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lineage_of_a_document_id_names_every_shard_row_that_holds_it_or_where_it_was_removed()
    {
        var cleanShard = Directory.GetFiles(Path.Combine(lake, "docs", "clean"), "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        string id;
        using (var stream = File.OpenRead(cleanShard))
        {
            id = Sluice.Documents.DocumentShardReader.ReadDocuments(stream, cleanShard).First().Id;
        }

        var (code, output, error) = await SluiceAsync("lineage", id, "--lake", lake);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"document {id}", lines[0]);
        Assert.StartsWith("ingest: kept in docs/raw/", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("dedupe: kept in docs/dedup/", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("safety-filter: kept in docs/clean/", lines[3], StringComparison.Ordinal);
        Assert.Contains("#row=", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("tokenize: in tokens/", lines[4], StringComparison.Ordinal);

        var removed = Directory.GetFiles(Path.Combine(lake, "rejected", "dedupe", "exact"), "*.parquet").Single();
        using (var stream = File.OpenRead(removed))
        {
            id = Sluice.Documents.DocumentShardReader.ReadRejected(stream, removed).Single().Id;
        }

        (code, output, error) = await SluiceAsync("lineage", id, "--lake", lake);
        Assert.True(code == 0, error);
        Assert.Contains("ingest: kept in docs/raw/", output, StringComparison.Ordinal);
        Assert.Contains("dedupe: removed (exact): ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dedupe: kept", output, StringComparison.Ordinal);

        (code, _, error) = await SluiceAsync("lineage", "never-dropped.txt", "--lake", lake);
        Assert.Equal(1, code);
        Assert.Contains("the lake records nothing for never-dropped.txt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_of_an_embedded_lake_shows_each_stage_the_model_line_s_run_and_its_last_evaluation()
    {
        var (code, output, error) = await SluiceAsync("status", "--lake", lake);

        Assert.True(code == 0, error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Matches(@"^STAGE\s+DONE\s+REMOVED\s+REFUSED\s+IN FLIGHT\s+_ERROR$", rows[1]);
        Assert.Matches(@"^ingest\s+[1-9]\d* source\(s\), [1-9]\d* shard\(s\)\s+2\s+0\s+-\s+-$", rows[2]);
        Assert.Matches(@"^dedupe\s+\d+ shard\(s\)\s+1\s+0\s+-\s+-$", rows[3]);
        Assert.Matches(@"^tokenize\s+[1-9]\d* token shard\(s\)", rows[5]);
        Assert.Matches(@"^trainer\s+1 dataset\(s\), [1-9] checkpoint\(s\)", rows[6]);
        Assert.Matches(@"^evaluator\s+1 evaluation\(s\)", rows[7]);
        Assert.Contains("(no broker", output, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("model demo: dataset version 1, run-000001: step ", StringComparison.Ordinal) && r.Contains("(100%), finished", StringComparison.Ordinal));
        var evaluation = rows.Single(r => r.StartsWith("  last evaluation: evals/demo/run-000001/", StringComparison.Ordinal));
        Assert.Matches(@"bits_per_byte \d+\.\d{4} \(unigram baseline \d+\.\d{4}\), (promote|hold|decline)", evaluation);
        Assert.Contains(rows, r => r.StartsWith("  best: run-000001 step ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rejected_without_a_lake_says_where_it_looked()
    {
        var (code, _, error) = await SluiceAsync("rejected", "--lake", Path.Combine(lake, "missing"));

        Assert.Equal(2, code);
        Assert.Contains("the lake folder", error, StringComparison.Ordinal);
        Assert.Contains("missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drop_keeps_a_folders_name_in_the_keys_and_ends_with_a_summary()
    {
        var folder = Path.Combine(scratch, "news");
        Directory.CreateDirectory(Path.Combine(folder, "2024"));
        await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "first story");
        await File.WriteAllTextAsync(Path.Combine(folder, "2024", "b.txt"), "second story!");
        var single = Path.Combine(scratch, "single.txt");
        await File.WriteAllTextAsync(single, "one file");
        var store = Path.Combine(scratch, "drop-store");
        var env = Path.Combine(scratch, "stack.env");
        await File.WriteAllLinesAsync(env, ["Storage__Kind=Folder", $"Storage__DropFolder={store}"]);

        var (code, output, error) = await SluiceAsync("drop", folder, single, "--prefix", "in/", "--env-file", env);

        Assert.True(code == 0, error);
        Assert.Equal("second story!", await File.ReadAllTextAsync(Path.Combine(store, "in", "news", "2024", "b.txt")));
        Assert.Equal("first story", await File.ReadAllTextAsync(Path.Combine(store, "in", "news", "a.txt")));
        Assert.Equal("one file", await File.ReadAllTextAsync(Path.Combine(store, "in", "single.txt")));
        Assert.Contains("in/news/2024/b.txt  13 bytes", output, StringComparison.Ordinal);
        Assert.Contains("dropped 3 file(s), 32 bytes, into ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }
}

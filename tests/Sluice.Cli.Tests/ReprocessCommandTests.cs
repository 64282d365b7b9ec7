using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// <c>sluice reprocess</c> on an embedded lake: a source re-run from a stage after a configuration change gets new
/// outputs beside the old ones, an unchanged configuration rewrites the same keys, and what cannot be re-run says why.
/// </summary>
public sealed class ReprocessCommandTests : IDisposable
{
    private readonly string drop = RepoLayout.NewTempFolder("reprocess-drop");
    private readonly string lake = RepoLayout.NewTempFolder("reprocess-lake");

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.Delete(drop, recursive: true);
        Directory.Delete(lake, recursive: true);
    }

    private List<string> Files(string folder) =>
        Directory.Exists(Path.Combine(lake, folder))
            ? Directory.GetFiles(Path.Combine(lake, folder), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(lake, f)).Order(StringComparer.Ordinal).ToList()
            : [];

    // Every shard, rejected record, token shard and tokenizer file, with its SHA-256.
    private Dictionary<string, string> Hashes() =>
        new[] { "docs", "rejected", "tokens", "tokenizers" }.SelectMany(Files)
            .ToDictionary(f => f, f => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(lake, f)))), StringComparer.Ordinal);

    [Fact]
    public async Task A_source_re_run_from_a_stage_after_a_configuration_change_gets_new_outputs_beside_the_old_and_lineage_shows_both()
    {
        Directory.CreateDirectory(Path.Combine(drop, "books"));
        var texts = BrownCorpus.Documents().Skip(40).Take(4).ToList();
        foreach (var (name, text) in texts)
        {
            await File.WriteAllTextAsync(Path.Combine(drop, "books", name + ".txt"), text);
        }

        var (ran, runOutput, runError) = await RunLake.SluiceAsync("run", drop, "--lake", lake);
        Assert.True(ran == 0, runOutput + runError);
        var source = $"books/{texts[0].Name}.txt";
        var cleanBefore = Files("docs/clean");
        var tokensBefore = Files("tokens");

        // The book rules change: only PII and language identification. The safety filter's configuration hash changes,
        // so the re-run writes a second cleaned shard (and its token shards) and leaves the first.
        var (code, output, error) = await RunLake.SluiceAsync("reprocess", source, "--from", "safety-filter", "--lake", lake, "--set", "SafetyFilter:Profiles:Book:Rules=pii,language");
        Assert.True(code == 0, output + error);
        Assert.Contains("1 shard(s) re-run from safety-filter", output, StringComparison.Ordinal);
        Assert.Contains("tokenize", output, StringComparison.Ordinal);
        var cleanAfter = Files("docs/clean");
        Assert.Equal(cleanBefore.Count + 1, cleanAfter.Count);
        Assert.Empty(cleanBefore.Except(cleanAfter));
        Assert.True(Files("tokens").Count > tokensBefore.Count);
        Assert.Empty(tokensBefore.Except(Files("tokens")));

        (code, var lineage, error) = await RunLake.SluiceAsync("lineage", source, "--lake", lake);
        Assert.True(code == 0, error);
        Assert.Equal(2, lineage.Split('\n').Count(l => l.Contains("safety-filter → docs/clean/", StringComparison.Ordinal)));

        // With the configuration unchanged, re-running from dedupe delivers the source's shard to dedupe a second time, and
        // every later stage its output: the same keys with the same bytes, nothing new in the lake.
        var everything = Files(string.Empty);
        var outputs = Hashes();
        (code, output, error) = await RunLake.SluiceAsync("reprocess", source, "--from", "dedupe", "--lake", lake);
        Assert.True(code == 0, output + error);
        Assert.Contains("1 shard(s) re-run from dedupe", output, StringComparison.Ordinal);
        Assert.Equal(everything, Files(string.Empty));
        Assert.Equal(outputs, Hashes());

        // From ingest, the file is read again from the folder the run read (the lake remembers it).
        (code, output, error) = await RunLake.SluiceAsync("reprocess", source, "--lake", lake);
        Assert.True(code == 0, output + error);
        Assert.Contains("1 shard(s) re-run from ingest", output, StringComparison.Ordinal);
        Assert.Equal(everything, Files(string.Empty));
    }

    [Fact]
    public async Task What_cannot_be_re_run_is_refused_with_the_reason()
    {
        await File.WriteAllTextAsync(Path.Combine(drop, "a.txt"), BrownCorpus.Documents().Skip(50).First().Text);
        var (ran, runOutput, runError) = await RunLake.SluiceAsync("run", drop, "--lake", lake);
        Assert.True(ran == 0, runOutput + runError);

        var (code, _, error) = await RunLake.SluiceAsync("reprocess", "never-dropped.txt", "--from", "dedupe", "--lake", lake);
        Assert.Equal(1, code);
        Assert.Contains("the lake records nothing ingested from 'never-dropped.txt'", error, StringComparison.Ordinal);

        File.Delete(Path.Combine(drop, "a.txt"));
        (code, _, error) = await RunLake.SluiceAsync("reprocess", "a.txt", "--lake", lake);
        Assert.Equal(1, code);
        Assert.Contains("'a.txt' is not in the drop store", error, StringComparison.Ordinal);

        (code, _, error) = await RunLake.SluiceAsync("reprocess", "a.txt", "--from", "evaluator", "--lake", lake);
        Assert.Equal(1, code);
        Assert.Contains("evaluator", error, StringComparison.Ordinal);

        (code, _, error) = await RunLake.SluiceAsync("reprocess", "a.txt", "--lake", Path.Combine(lake, "nowhere"));
        Assert.Equal(2, code);
        Assert.Contains("there is no lake at", error, StringComparison.Ordinal);

        (code, _, error) = await RunLake.SluiceAsync("reprocess", "a.txt", "--from", "dedupe", "--lake", lake, "--set", "SafetyFilter:Profiles:Book:Rules=pii,lint");
        Assert.Equal(2, code);
        Assert.Contains("'lint'", error, StringComparison.Ordinal);
    }
}

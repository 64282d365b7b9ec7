using System.CommandLine;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// One real embedded run, shared by the tests of the verbs that read a lake: four Brown texts, an upper-case copy of
/// the first (removed by dedupe), fortunes as JSON lines with one broken line, and a binary file named .txt.
/// </summary>
public sealed class RunLake : IAsyncLifetime
{
    /// <summary>The dropped files.</summary>
    public string Drop { get; } = RepoLayout.NewTempFolder("verbs-drop");

    /// <summary>The lake the run wrote.</summary>
    public string Lake { get; } = RepoLayout.NewTempFolder("verbs-lake");

    /// <summary>The file names of the Brown texts, the first of which has a copy.</summary>
    public List<string> Texts { get; } = [];

    /// <summary>The dropped files with documents in <c>docs/clean/</c> (the ones the model trained on).</summary>
    public List<string> Kept { get; } = [];

    /// <summary>Runs <c>sluice</c> in this process.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> SluiceAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await SluiceCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var brown = BrownCorpus.Documents().Skip(20).Take(4).ToList();
        foreach (var (name, text) in brown)
        {
            Texts.Add(name + ".txt");
            await File.WriteAllTextAsync(Path.Combine(Drop, name + ".txt"), text);
        }

        await File.WriteAllTextAsync(Path.Combine(Drop, "copy.txt"), brown[0].Text.ToUpperInvariant());
        var fortunes = Fortunes.Read("en").Skip(10).Take(4).ToList();
        await File.WriteAllTextAsync(
            Path.Combine(Drop, "fortunes.jsonl"),
            string.Concat(fortunes.Select(f => JsonSerializer.Serialize(new { text = f }) + "\n")) + "{ not json\n");
        var binary = new byte[2048];
        new Random(11).NextBytes(binary);
        await File.WriteAllBytesAsync(Path.Combine(Drop, "scan.txt"), binary);
        var (run, output, error) = await SluiceAsync("run", Drop, "--lake", Lake);
        if (run != 0)
        {
            throw new InvalidOperationException($"the embedded run failed ({run}): {output}{error}");
        }

        foreach (var shard in Directory.GetFiles(Path.Combine(Lake, "docs", "clean"), "*.parquet", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(shard);
            Kept.AddRange(Sluice.Documents.DocumentShardReader.ReadDocuments(stream, shard).Select(d => d.Source));
        }

        Kept.Sort(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Directory.Delete(Drop, recursive: true);
        Directory.Delete(Lake, recursive: true);
        return Task.CompletedTask;
    }
}

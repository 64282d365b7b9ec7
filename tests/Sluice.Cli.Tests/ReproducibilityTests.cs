using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Documents;
using Sluice.Testing;

namespace Sluice.Cli.Tests;

/// <summary>
/// Reproducibility of the embedded run: the same files give the same lake, object for object and byte for byte, whatever
/// the order in which the stages' messages arrive; and dedupe keeps the first copy of a duplicate in its documented total
/// order (source key first), not the first to arrive. Byte for byte means every object, with two kinds of value left
/// out where they stand and nowhere else: wall-clock stamps (<c>occurredAt</c>, <c>createdUtc</c>, <c>evaluated_at</c>,
/// the report's "Evaluated" line, and the hash and byte count a pointer quotes of a checkpoint manifest, because the
/// manifest holds its stamp, written with as many fraction digits as it needs)
/// and the two latency measurements (time to first token, generation tokens per second, and their charts). The folder
/// store's sidecars (<c>.sluice-meta/</c>) hold each object's hash and size, so they follow from the objects.
/// </summary>
public sealed class ReproducibilityTests : IDisposable
{
    private readonly string drop = RepoLayout.NewTempFolder("repro-drop");
    private readonly string serialLake = RepoLayout.NewTempFolder("repro-lake-1");
    private readonly string parallelLake = RepoLayout.NewTempFolder("repro-lake-8");

    /// <inheritdoc />
    public void Dispose()
    {
        Directory.Delete(drop, recursive: true);
        Directory.Delete(serialLake, recursive: true);
        Directory.Delete(parallelLake, recursive: true);
    }

    [Fact]
    public async Task The_same_files_run_one_message_at_a_time_and_eight_at_a_time_give_a_byte_identical_lake()
    {
        var brown = BrownCorpus.Documents().Skip(60).Take(6).ToList();
        foreach (var (name, text) in brown)
        {
            await File.WriteAllTextAsync(Path.Combine(drop, name + ".txt"), text);
        }

        // Copies whose sources sort before and after their originals, a near copy, and a JSON-lines file repeating one of
        // its own records and one of the texts: whichever arrives first, the copy in the first source by key is kept. The
        // first copy sits at the end of a long file, so with eight messages at a time its original is ingested first.
        var copyLines = Fortunes.Read("en").Skip(1000).Take(1500).Append(brown[3].Text.ToLowerInvariant()).Select(t => JsonSerializer.Serialize(new { text = t }));
        await File.WriteAllLinesAsync(Path.Combine(drop, "a-copies.jsonl"), copyLines);
        await File.WriteAllTextAsync(Path.Combine(drop, "zz-copy.txt"), brown[0].Text.ToUpperInvariant());
        await File.WriteAllTextAsync(Path.Combine(drop, "m-near.txt"), "Mirrored from the wire\n\n" + brown[1].Text);
        var fortunes = Fortunes.Read("en").Skip(200).Where(f => f.Length > 200).Take(30).ToList();
        var lines = fortunes.Append(fortunes[4]).Append(brown[5].Text).Select(t => JsonSerializer.Serialize(new { text = t }));
        await File.WriteAllLinesAsync(Path.Combine(drop, "fortunes.jsonl"), lines);

        var (serial, serialOutput) = await SluiceAsync("run", drop, "--lake", serialLake, "--set", "Bus:ConcurrentMessageLimit=1", "--set", "Bus:PrefetchCount=1");
        Assert.True(serial == 0, serialOutput);
        var (parallel, parallelOutput) = await SluiceAsync("run", drop, "--lake", parallelLake, "--set", "Bus:ConcurrentMessageLimit=8", "--set", "Bus:PrefetchCount=16");
        Assert.True(parallel == 0, parallelOutput);

        var one = Objects(serialLake);
        var eight = Objects(parallelLake);
        Assert.Equal(one.Keys.Order(StringComparer.Ordinal), eight.Keys.Order(StringComparer.Ordinal));
        var stamped = one.Keys.Where(k => !one[k].AsSpan().SequenceEqual(eight[k])).Order(StringComparer.Ordinal).ToList();
        var differing = stamped.Where(k => !WithoutStampsAndLatency(k, one[k]).SequenceEqual(WithoutStampsAndLatency(k, eight[k]))).ToList();
        Assert.True(differing.Count == 0, $"{differing.Count} of {one.Count} objects differ: {string.Join(", ", differing.Take(40))}");

        // What differed only in stamps and latency is records, reports and pointers, never data.
        Assert.All(stamped, k => Assert.Matches(@"^(state/|checkpoints/.*/manifest\.json$|evals/.*/(report\.(json|md)|metric-(time-to-first-token-ms|generation-tokens-per-second)\.png)$)", k));
        Assert.Contains(one.Keys, k => k.StartsWith("docs/dedup/", StringComparison.Ordinal));
        Assert.Contains(one.Keys, k => k.StartsWith("rejected/dedupe/", StringComparison.Ordinal));
        Assert.Contains(one.Keys, k => k.StartsWith("tokenizers/", StringComparison.Ordinal));
        Assert.Contains(one.Keys, k => k.StartsWith("tokens/", StringComparison.Ordinal));
        Assert.Contains(one.Keys, k => k.EndsWith(".safetensors", StringComparison.Ordinal));
        Assert.Contains(one.Keys, k => k.StartsWith("checkpoints/", StringComparison.Ordinal));
        Assert.Contains(one.Keys, k => k.StartsWith("evals/", StringComparison.Ordinal));

        // The survivors are the total order's: the lower-case copy (a-copies.jsonl sorts before c…), the original of the
        // upper-case copy, the original of the near copy, and the JSON-lines file's first record of its repeated one.
        var kept = ReadShards(Path.Combine(serialLake, "docs", "dedup"));
        var removed = Directory.GetFiles(Path.Combine(serialLake, "rejected", "dedupe"), "*.parquet", SearchOption.AllDirectories)
            .SelectMany(f =>
            {
                using var stream = File.OpenRead(f);
                return DocumentShardReader.ReadRejected(stream, f).ToList();
            })
            .ToList();
        Assert.Contains(kept, d => d.Source == "a-copies.jsonl" && d.Text.StartsWith(brown[3].Text.ToLowerInvariant()[..200], StringComparison.Ordinal));
        Assert.Contains(removed, d => d.Source == brown[3].Name + ".txt");
        Assert.Contains(kept, d => d.Source == brown[0].Name + ".txt");
        Assert.Contains(removed, d => d.Source == "zz-copy.txt");
        Assert.Contains(kept, d => d.Source == brown[1].Name + ".txt");
        Assert.Contains(removed, d => d.Source == "m-near.txt");
        Assert.Contains(removed, d => d.Source == "fortunes.jsonl" && d.Text == fortunes[4]);
        Assert.Contains(kept, d => d.Source == "fortunes.jsonl" && d.Text == fortunes[4]);
        Assert.Contains(removed, d => d.Source == "fortunes.jsonl" && d.Text?.StartsWith(brown[5].Text[..200], StringComparison.Ordinal) == true);
    }

    private static async Task<(int ExitCode, string Output)> SluiceAsync(params string[] args)
    {
        var output = new StringWriter();
        var exitCode = await SluiceCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exitCode, output.ToString());
    }

    private static Dictionary<string, byte[]> Objects(string lake) =>
        Directory.GetFiles(lake, "*", SearchOption.AllDirectories)
            .Select(f => (Key: Path.GetRelativePath(lake, f).Replace(Path.DirectorySeparatorChar, '/'), Path: f))
            .Where(f => !f.Key.StartsWith(".sluice-meta/", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => File.ReadAllBytes(f.Path), StringComparer.Ordinal);

    private static readonly HashSet<string> Stamps = new(StringComparer.Ordinal) { "occurredAt", "createdUtc", "evaluated_at" };

    private static readonly HashSet<string> Latencies = new(StringComparer.Ordinal) { "time_to_first_token_ms", "generation_tokens_per_second" };

    // The object as it would be with the stamps and the latency measurements left out (an empty array for a latency chart).
    private static byte[] WithoutStampsAndLatency(string key, byte[] bytes)
    {
        if (key.EndsWith(".png", StringComparison.Ordinal))
        {
            return key.Contains("time-to-first-token", StringComparison.Ordinal) || key.Contains("tokens-per-second", StringComparison.Ordinal) ? [] : bytes;
        }

        if (key.EndsWith(".md", StringComparison.Ordinal))
        {
            var lines = Encoding.UTF8.GetString(bytes).Split('\n')
                .Where(l => !l.StartsWith("Evaluated ", StringComparison.Ordinal) && !Latencies.Any(m => l.StartsWith("| " + m + " ", StringComparison.Ordinal)));
            return Encoding.UTF8.GetBytes(string.Join('\n', lines));
        }

        if (!key.EndsWith(".json", StringComparison.Ordinal))
        {
            return bytes;
        }

        var node = JsonNode.Parse(bytes)!;
        Strip(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.Select(p => p.Key).Where(n => Stamps.Contains(n) || Latencies.Contains(n)).ToList())
                {
                    obj.Remove(property);
                }

                // A metric entry of a latency, and a reference to a checkpoint manifest: its hash covers the manifest's stamp,
                // and so does its size (a stamp ending in zeros is written shorter, one run in ten or so).
                if (obj["name"] is JsonValue name && name.TryGetValue<string>(out var metric) && Latencies.Contains(metric))
                {
                    obj.Remove("value");
                }

                if (obj["key"] is JsonValue key && key.TryGetValue<string>(out var referenced) && referenced.EndsWith("/manifest.json", StringComparison.Ordinal))
                {
                    obj.Remove("sha256");
                    obj.Remove("byteCount");
                }

                foreach (var child in obj.Select(p => p.Value).ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }

                break;
        }
    }

    private static List<Document> ReadShards(string folder) =>
        Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories)
            .SelectMany(f =>
            {
                using var stream = File.OpenRead(f);
                return DocumentShardReader.ReadDocuments(stream, f).ToList();
            })
            .ToList();
}

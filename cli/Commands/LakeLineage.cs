using System.Text.Json;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Parquet;
using Sluice.Storage;

namespace Sluice.Cli;

/// <summary>
/// The lineage the lake records, read once: every shard's footer (stage and input), the quarantine records, the
/// dataset manifests (token shard → cleaned shard → source), and which checkpoints and evaluations exist. Nothing is
/// recomputed: each link is what a stage wrote down (docs/lake.md, "Lineage").
/// </summary>
internal sealed class LakeLineage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private LakeLineage(IObjectStore lake) => Lake = lake;

    /// <summary>The lake.</summary>
    public IObjectStore Lake { get; }

    /// <summary>Document and rejected-records shards.</summary>
    public List<LakeShard> Shards { get; } = [];

    /// <summary>Whole input shards a stage refused: (record key, stage, reason, input key).</summary>
    public List<ShardQuarantined> Refused { get; } = [];

    /// <summary>Dataset manifests by key.</summary>
    public SortedDictionary<string, DatasetManifest> Datasets { get; } = new(StringComparer.Ordinal);

    /// <summary>Complete checkpoints: the folders holding a manifest.json.</summary>
    public SortedSet<string> Checkpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Token shards (<c>.bin</c> keys) by the first 32 hex digits of the cleaned shard they were made from, as their keys record it.</summary>
    public Dictionary<string, List<string>> TokenShardsByInput { get; } = new(StringComparer.Ordinal);

    /// <summary>Evaluation reports (report.json keys).</summary>
    public SortedSet<string> Evaluations { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the lake's lineage records.</summary>
    public static async Task<LakeLineage> ReadAsync(IObjectStore lake, CancellationToken cancellationToken)
    {
        var lineage = new LakeLineage(lake);
        foreach (var prefix in new[] { "docs/", "rejected/" })
        {
            await foreach (var item in lake.ListAsync(prefix, cancellationToken))
            {
                if (item.Key.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    using var content = await ReadObjectAsync(lake, item.Key, cancellationToken);
                    using var reader = new ParquetReader(content, item.Key, leaveOpen: true);
                    var footer = ShardFooter.Read(reader.Metadata, item.Key);
                    content.Position = 0;
                    lineage.Shards.Add(new LakeShard(item.Key, footer.Lineage.Stage, footer.Lineage.SourceKey, footer.Reason, reader.RowCount, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))));
                }
                else if (item.Key.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var content = await ReadObjectAsync(lake, item.Key, cancellationToken);
                    lineage.Refused.Add(JsonSerializer.Deserialize<ShardQuarantined>(content, Json) ?? throw new InvalidDataException($"{item.Key} is empty"));
                }
            }
        }

        await foreach (var item in lake.ListAsync("datasets/", cancellationToken))
        {
            using var content = await ReadObjectAsync(lake, item.Key, cancellationToken);
            lineage.Datasets[item.Key] = JsonSerializer.Deserialize<DatasetManifest>(content, Json) ?? throw new InvalidDataException($"{item.Key} is empty");
        }

        // A token shard's key starts with its input's hash (docs/lake.md), which links it before any dataset includes it.
        await foreach (var item in lake.ListAsync("tokens/", cancellationToken))
        {
            if (item.Key.EndsWith(".bin", StringComparison.Ordinal) && Path.GetFileName(item.Key) is { Length: > 32 } name)
            {
                if (!lineage.TokenShardsByInput.TryGetValue(name[..32], out var keys))
                {
                    lineage.TokenShardsByInput[name[..32]] = keys = [];
                }

                keys.Add(item.Key);
            }
        }

        await foreach (var item in lake.ListAsync("checkpoints/", cancellationToken))
        {
            if (item.Key.EndsWith("/manifest.json", StringComparison.Ordinal))
            {
                lineage.Checkpoints.Add(item.Key[..^"manifest.json".Length]);
            }
        }

        await foreach (var item in lake.ListAsync("evals/", cancellationToken))
        {
            if (item.Key.EndsWith("/report.json", StringComparison.Ordinal))
            {
                lineage.Evaluations.Add(item.Key);
            }
        }

        return lineage;
    }

    /// <summary>The document shards made from <paramref name="input"/>.</summary>
    public IEnumerable<LakeShard> DocumentsFrom(string input) => Shards.Where(s => s.Reason is null && s.Input == input).OrderBy(s => s.Key, StringComparer.Ordinal);

    /// <summary>The rejected-records shards and refusals of <paramref name="input"/>.</summary>
    public IEnumerable<string> RejectionsOf(string input) =>
        Shards.Where(s => s.Reason is not null && s.Input == input).Select(s => $"rejected by {s.Stage} ({s.Reason}): {s.Rows} in {s.Key}")
            .Concat(Refused.Where(r => r.Input.Key == input).Select(r => $"refused by {r.Stage} ({r.Reason}): {r.Detail} [{r.RecordKey}]"))
            .Order(StringComparer.Ordinal);

    /// <summary>The shard <paramref name="key"/> was made from, if the lake holds its footer.</summary>
    public LakeShard? Shard(string key) => Shards.FirstOrDefault(s => s.Key == key);

    /// <summary>The model line and version of a dataset manifest key (<c>datasets/&lt;model&gt;/&lt;version&gt;.json</c>).</summary>
    public static (string Model, int Version) DatasetOf(string key)
    {
        var parts = key.Split('/');
        return (parts[1], int.Parse(Path.GetFileNameWithoutExtension(parts[2]), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The checkpoints of the run that trained on a dataset version (<c>checkpoints/&lt;model&gt;/run-&lt;version&gt;/</c>).</summary>
    public IEnumerable<string> CheckpointsOf(string model, int version) =>
        Checkpoints.Where(c => c.StartsWith($"checkpoints/{model}/{DatasetManifest.RunIdOf(version)}/", StringComparison.Ordinal));

    /// <summary>The evaluation report of a checkpoint folder, if it was evaluated.</summary>
    public string? EvaluationOf(string checkpoint)
    {
        var report = "evals/" + checkpoint["checkpoints/".Length..] + "report.json";
        return Evaluations.Contains(report) ? report : null;
    }

    /// <summary>One lake object's bytes, in memory and seekable (Parquet readers seek to the footer).</summary>
    public static async Task<MemoryStream> ReadObjectAsync(IObjectStore lake, string key, CancellationToken cancellationToken)
    {
        var content = new MemoryStream();
        await using (var stream = await lake.OpenReadAsync(key, cancellationToken))
        {
            await stream.CopyToAsync(content, cancellationToken);
        }

        content.Position = 0;
        return content;
    }
}

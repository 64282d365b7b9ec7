using System.Security.Cryptography;
using System.Text;
using Sluice.Contracts;
using Sluice.Dedupe;
using Sluice.Dedupe.Index;
using Sluice.Dedupe.Worker;
using Sluice.Documents;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>
/// Document shards made of duplicate clusters from real text: each Brown corpus paragraph is one cluster with an
/// exact variant (upper case) and two near variants (the last word dropped, two words added), spread over several shards so
/// every cluster crosses shards, and each shard repeats two documents of the next one (overlapping shards).
/// </summary>
internal sealed class ClusterShards
{
    private ClusterShards(IReadOnlyList<List<Document>> shards, IReadOnlyDictionary<string, int> clusterOf, int clusterCount)
    {
        Shards = shards;
        ClusterOf = clusterOf;
        ClusterCount = clusterCount;
    }

    /// <summary>The documents of each shard, in order.</summary>
    public IReadOnlyList<List<Document>> Shards { get; }

    /// <summary>The cluster of every document id.</summary>
    public IReadOnlyDictionary<string, int> ClusterOf { get; }

    /// <summary>How many clusters there are.</summary>
    public int ClusterCount { get; }

    public static ClusterShards Create(string run, int clusterCount, int shardCount, int paragraphOffset)
    {
        var paragraphs = BrownCorpus.Paragraphs()
            .Where(p => p.Split(' ').Length is >= 60 and <= 200)
            .Skip(paragraphOffset)
            .Take(clusterCount)
            .ToList();
        var shards = Enumerable.Range(0, shardCount).Select(_ => new List<Document>()).ToList();
        var clusterOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < paragraphs.Count; c++)
        {
            var words = paragraphs[c].Split(' ');
            string[] members =
            [
                paragraphs[c],
                paragraphs[c].ToUpperInvariant(),
                string.Join(' ', words.Take(words.Length - 1)),
                paragraphs[c] + " Reprinted widely.",
            ];
            for (var m = 0; m < members.Length; m++)
            {
                var document = Document.Create(members[m], $"{run}/cluster-{c:D3}.txt", $"member:{m}", "{}");
                clusterOf[document.Id] = c;
                shards[(c + m * 3) % shardCount].Add(document);
            }
        }

        for (var s = 0; s < shardCount; s++)
        {
            shards[s].AddRange(shards[(s + 1) % shardCount].Take(2).ToList());
        }

        return new ClusterShards(shards, clusterOf, paragraphs.Count);
    }

    /// <summary>Writes every shard to the lake under <c>docs/raw/&lt;run hash&gt;/…</c> and returns the event ingest would publish for it.</summary>
    public async Task<List<DataArrived>> WriteAsync(IObjectStore lake, string run)
    {
        var runHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run)));
        var events = new List<DataArrived>();
        for (var s = 0; s < Shards.Count; s++)
        {
            var lineage = new ShardLineage("ingest", run, runHash, runHash);
            var writer = new DocumentShardWriter(new LakeShardSink(lake), lineage, part => LakeKeys.Documents(LakeKeys.RawLayer, runHash, runHash, s * 100 + part), new DocumentShardOptions());
            await using (writer)
            {
                foreach (var document in Shards[s])
                {
                    await writer.WriteAsync(document);
                }

                var shard = (await writer.CompleteAsync()).Single();
                events.Add(new DataArrived
                {
                    Source = new SourceObjectRef { Key = run, Sha256 = runHash, ByteCount = 0 },
                    Shard = new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount },
                    ShardIndex = s,
                    ShardCount = Shards.Count,
                    TextByteCount = shard.TextBytes,
                    StageConfigHash = runHash,
                    OccurredAt = DateTimeOffset.UtcNow,
                });
            }
        }

        return events;
    }

    /// <summary>How many documents one worker keeps processing the shards one after another with an in-process index.</summary>
    public async Task<int> SequentialKeptCountAsync()
    {
        var options = new DedupeOptions();
        await using var index = new InProcessDedupeIndex(options);
        var stage = new DedupeStage(options, index);
        var kept = 0;
        for (var s = 0; s < Shards.Count; s++)
        {
            var result = await stage.ProcessAsync($"shard-{s}", Shards[s].Select(d => new DedupeDocument(d.Id, d.Text)).ToList());
            kept += result.Stats.Kept;
        }

        return kept;
    }
}

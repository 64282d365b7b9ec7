using System.Security.Cryptography;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Stages;
using Sluice.Storage;
using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>Cleaned document shards written straight into the lake, as the safety filter would have left them, for tests that start at tokenize.</summary>
internal static class CleanShards
{
    /// <summary><paramref name="take"/> Brown corpus files from the <paramref name="skip"/>th, as documents.</summary>
    public static List<Document> Brown(int skip, int take) =>
        BrownCorpus.Documents().Skip(skip).Take(take).Select(d => Document.Create(d.Text, "drop/brown/" + d.Name, "file", "{}")).ToList();

    /// <summary>Writes one cleaned shard of <paramref name="documents"/> for the dropped object <paramref name="source"/>; returns its <see cref="Cleaned"/> event.</summary>
    public static async Task<Cleaned> WriteAsync(IObjectStore lake, string source, IEnumerable<Document> documents)
    {
        var sourceSha = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)));
        var lineage = new ShardLineage("safety-filter", $"docs/dedup/{sourceSha}.parquet", sourceSha, new string('2', 64));
        await using var writer = new DocumentShardWriter(new LakeShardSink(lake), lineage, part => LakeKeys.Documents(LakeKeys.CleanLayer, sourceSha, new string('2', 64), part), new DocumentShardOptions { WriteEmptyShard = true });
        foreach (var document in documents)
        {
            await writer.WriteAsync(document);
        }

        var shard = Assert.Single(await writer.CompleteAsync());
        var output = new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount };
        return new Cleaned
        {
            Source = new SourceObjectRef { Key = "drop/" + source, Sha256 = sourceSha, ByteCount = 1 },
            Input = output with { Key = lineage.SourceKey },
            Output = output,
            StageConfigHash = new string('3', 64),
            OccurredAt = DateTimeOffset.UtcNow,
        };
    }
}

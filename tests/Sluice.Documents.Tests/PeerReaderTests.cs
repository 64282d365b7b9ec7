using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Documents.Tests;

/// <summary>Document and rejected shards read by independent Parquet implementations: DuckDB and hyparquet (npm).</summary>
public sealed class PeerReaderTests
{
    private static readonly ShardLineage Lineage = new("ingest", "drop/mixed.jsonl", new string('c', 64), new string('d', 64));

    [Theory]
    [InlineData("parquet-duckdb.mjs")]
    [InlineData("parquet-hyparquet.mjs")]
    public async Task Peers_read_every_document_and_rejected_row_as_written(string peer)
    {
        var documents = BrownCorpus.Documents().Take(20).Select(d => Document.Create(d.Text, "drop/brown.jsonl", d.Name, JsonSerializer.Serialize(new { name = d.Name })))
            .Concat(Fortunes.Read("ru").Take(20).Select((f, i) => Document.Create(f, "drop/ru.txt", $"line:{i}", "{}")))
            .ToList();
        var rejected = Fortunes.Read("pl").Take(10).Select((f, i) => new RejectedRecord($"r{i}", "ingest", "invalid-json", $"line {i}: bad", "drop/pl.jsonl", $"line:{i}", i == 3 ? null : f, "{}", null, i * 10)).ToList();
        var folder = RepoLayout.NewTempFolder("peer-shards");
        try
        {
            var sink = new MemoryShardSink();
            var options = new DocumentShardOptions { RowGroupTargetBytes = 16 * 1024 };
            await using (var writer = new DocumentShardWriter(sink, Lineage, part => $"d{part}.parquet", options))
            {
                foreach (var document in documents)
                {
                    await writer.WriteAsync(document);
                }

                await writer.CompleteAsync();
            }

            await using (var writer = new RejectedShardWriter(sink, Lineage, (reason, part) => $"r-{reason}-{part}.parquet", options))
            {
                foreach (var record in rejected)
                {
                    await writer.WriteAsync(record);
                }

                await writer.CompleteAsync();
            }

            var (documentShard, rejectedShard) = (sink.Shards[0], sink.Shards[1]);
            var documentPath = Path.Combine(folder, documentShard.Info.Key);
            var rejectedPath = Path.Combine(folder, rejectedShard.Info.Key);
            await File.WriteAllBytesAsync(documentPath, documentShard.Bytes);
            await File.WriteAllBytesAsync(rejectedPath, rejectedShard.Bytes);

            var documentRows = ReadRows(peer, documentPath);
            Assert.Equal(documents.Select(d => new[] { d.Id, d.Text, d.Source, d.Metadata, d.ContentHash }), documentRows);
            var rejectedRows = ReadRows(peer, rejectedPath);
            Assert.Equal(rejected.Select(r => new[] { r.Id, r.Stage, r.Reason, r.Detail, r.Source, r.Locator, r.Text, r.Metadata, r.ContentHash, r.ByteCount.ToString(System.Globalization.CultureInfo.InvariantCulture) }), rejectedRows);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task DuckDB_sees_the_footer_lineage()
    {
        var sink = new MemoryShardSink();
        await using (var writer = new DocumentShardWriter(sink, Lineage, part => $"d{part}.parquet", new DocumentShardOptions()))
        {
            await writer.WriteAsync(Document.Create("one document", "drop/a.txt", string.Empty, "{}"));
            await writer.CompleteAsync();
        }

        var path = Path.Combine(Path.GetTempPath(), $"sluice-footer-{Guid.NewGuid():N}.parquet");
        try
        {
            await File.WriteAllBytesAsync(path, sink.Shards[0].Bytes);
            using var json = JsonDocument.Parse(NodePeer.Run("parquet-duckdb.mjs", ["metadata", path]));
            var keyValues = json.RootElement.GetProperty("keyValues").EnumerateArray()
                .ToDictionary(kv => kv.GetProperty("key").GetString()!, kv => kv.GetProperty("value").GetString()!);
            Assert.Equal("1", keyValues[ShardFooter.SchemaVersionKey]);
            Assert.Equal("documents", keyValues[ShardFooter.KindKey]);
            Assert.Equal(Lineage.SourceKey, keyValues[ShardFooter.SourceKeyKey]);
            Assert.Equal(Lineage.SourceHash, keyValues[ShardFooter.SourceHashKey]);
            Assert.Equal(Lineage.ConfigHash, keyValues[ShardFooter.ConfigHashKey]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<string?[]> ReadRows(string peer, string path)
    {
        using var json = JsonDocument.Parse(NodePeer.Run(peer, ["read", path]));
        return json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToArray())
            .ToList();
    }
}

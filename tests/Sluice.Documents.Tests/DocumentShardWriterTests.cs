using System.Text;
using Sluice.Parquet;
using Sluice.Testing;

namespace Sluice.Documents.Tests;

public sealed class DocumentShardWriterTests
{
    private static readonly ShardLineage Lineage = new("dedupe", "docs/raw/abc/part.parquet", new string('a', 64), new string('b', 64));

    private static List<Document> BrownDocuments(int count) =>
        BrownCorpus.Documents().Take(count).Select(d => Document.Create(d.Text, "drop/brown.txt", d.Name, $$"""{"name":"{{d.Name}}"}""")).ToList();

    private static async Task<MemoryShardSink> WriteAsync(IEnumerable<Document> documents, DocumentShardOptions options)
    {
        var sink = new MemoryShardSink();
        await using var writer = new DocumentShardWriter(sink, Lineage, part => $"docs/dedup/x/{part:D5}.parquet", options);
        foreach (var document in documents)
        {
            await writer.WriteAsync(document);
        }

        var shards = await writer.CompleteAsync();
        Assert.Equal(sink.Shards.Select(s => s.Info), shards);
        return sink;
    }

    [Fact]
    public async Task Documents_round_trip_through_shards_cut_at_the_target_size()
    {
        var documents = BrownDocuments(200);
        var sink = await WriteAsync(documents, new DocumentShardOptions { TargetShardBytes = 128 * 1024, RowGroupTargetBytes = 32 * 1024 });
        Assert.True(sink.Shards.Count >= 4, $"{sink.Shards.Count} shards");
        Assert.Equal(Enumerable.Range(0, sink.Shards.Count).Select(p => $"docs/dedup/x/{p:D5}.parquet"), sink.Shards.Select(s => s.Info.Key));
        var read = sink.Shards.SelectMany(s => DocumentShardReader.ReadDocuments(new MemoryStream(s.Bytes), s.Info.Key)).ToList();
        Assert.Equal(documents, read);
        foreach (var (info, bytes) in sink.Shards)
        {
            Assert.Equal(DocumentIdentity.Sha256(bytes), info.Sha256);
            Assert.Equal(bytes.Length, info.ByteCount);
            Assert.Equal(ShardKind.Documents, info.Kind);
            Assert.Null(info.Reason);
            var rows = DocumentShardReader.ReadDocuments(new MemoryStream(bytes), info.Key).ToList();
            Assert.Equal(rows.Count, info.RowCount);
            Assert.Equal(rows.Sum(r => (long)Encoding.UTF8.GetByteCount(r.Text)), info.TextBytes);
        }

        Assert.All(sink.Shards.SkipLast(1), s => Assert.InRange(s.Info.ByteCount, 128 * 1024, (128 + 64) * 1024));
    }

    [Fact]
    public async Task Shards_are_multiple_row_groups_so_a_reader_never_needs_a_whole_shard_of_rows()
    {
        var sink = await WriteAsync(BrownDocuments(60), new DocumentShardOptions { TargetShardBytes = 1024 * 1024, RowGroupTargetBytes = 16 * 1024 });
        var (_, bytes) = Assert.Single(sink.Shards);
        using var reader = new ParquetReader(new MemoryStream(bytes), "shard");
        Assert.True(reader.RowGroupCount >= 5, $"{reader.RowGroupCount} row groups");
        Assert.Equal(60, reader.RowCount);
    }

    [Fact]
    public async Task The_same_documents_give_the_same_bytes_with_snappy_or_uncompressed()
    {
        foreach (var snappy in new[] { true, false })
        {
            var first = await WriteAsync(BrownDocuments(30), new DocumentShardOptions { Snappy = snappy });
            var second = await WriteAsync(BrownDocuments(30), new DocumentShardOptions { Snappy = snappy });
            Assert.Equal(first.Shards.Single().Bytes, second.Shards.Single().Bytes);
        }
    }

    [Fact]
    public async Task The_footer_carries_schema_version_kind_and_lineage_and_the_columns_are_the_documented_ones()
    {
        var sink = await WriteAsync(BrownDocuments(3), new DocumentShardOptions());
        var (info, bytes) = sink.Shards.Single();
        var footer = DocumentShardReader.ReadFooter(new MemoryStream(bytes), info.Key);
        Assert.Equal(new ShardFooter(ShardLineage.SchemaVersion, ShardKind.Documents, null, Lineage), footer);
        using var reader = new ParquetReader(new MemoryStream(bytes), info.Key);
        Assert.Equal(["id", "text", "source", "metadata", "content_hash"], reader.Schema.Columns.Select(c => c.Name));
        Assert.Equal("1", reader.Metadata[ShardFooter.SchemaVersionKey]);
        Assert.Equal(Lineage.SourceHash, reader.Metadata[ShardFooter.SourceHashKey]);
        Assert.Equal(Lineage.ConfigHash, reader.Metadata[ShardFooter.ConfigHashKey]);
    }

    [Fact]
    public async Task Nothing_is_written_for_no_documents()
    {
        var sink = await WriteAsync([], new DocumentShardOptions());
        Assert.Empty(sink.Shards);
    }

    [Fact]
    public async Task Rejected_records_go_to_one_shard_series_per_reason_and_read_back_with_nulls()
    {
        var sink = new MemoryShardSink();
        var records = new List<RejectedRecord>();
        await using (var writer = new RejectedShardWriter(sink, Lineage, (reason, part) => $"rejected/dedupe/{reason}/{part:D5}.parquet", new DocumentShardOptions()))
        {
            var fortunes = Fortunes.Read("en").Take(40).ToList();
            for (var i = 0; i < fortunes.Count; i++)
            {
                var reason = i % 3 == 0 ? "near-duplicate" : "exact-duplicate";
                var record = new RejectedRecord($"id{i}", "dedupe", reason, $"duplicate of doc {i - 1}", "drop/f.txt", $"line:{i}", i % 5 == 0 ? null : fortunes[i], "{}", i % 5 == 0 ? null : DocumentIdentity.ContentHash(fortunes[i]), i);
                records.Add(record);
                await writer.WriteAsync(record);
            }

            var shards = await writer.CompleteAsync();
            Assert.Equal(["exact-duplicate", "near-duplicate"], shards.Select(s => s.Reason));
            Assert.All(shards, s => Assert.StartsWith($"rejected/dedupe/{s.Reason}/", s.Key, StringComparison.Ordinal));
        }

        var read = sink.Shards.SelectMany(s => DocumentShardReader.ReadRejected(new MemoryStream(s.Bytes), s.Info.Key)).ToList();
        Assert.Equal(records.OrderBy(r => r.Reason, StringComparer.Ordinal).ThenBy(r => r.ByteCount), read);
        Assert.Equal("near-duplicate", DocumentShardReader.ReadFooter(new MemoryStream(sink.Shards[1].Bytes), "x").Reason);
    }

    [Fact]
    public async Task Reading_a_parquet_file_that_is_not_a_document_shard_names_the_file_and_the_problem()
    {
        var plain = new MemoryStream();
        using (var writer = new ParquetWriter(plain, new ParquetSchema(new ParquetColumn("text", ParquetColumnType.String)), leaveOpen: true))
        {
            writer.WriteString(0, "hello");
            writer.EndRow();
        }

        var error = Assert.Throws<InvalidDataException>(() => DocumentShardReader.ReadDocuments(new MemoryStream(plain.ToArray()), "lake/plain.parquet").ToList());
        Assert.Contains("lake/plain.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("sluice.schema_version", error.Message, StringComparison.Ordinal);

        var sink = await WriteAsync(BrownDocuments(1), new DocumentShardOptions());
        var wrongKind = Assert.Throws<InvalidDataException>(() => DocumentShardReader.ReadRejected(new MemoryStream(sink.Shards[0].Bytes), "d.parquet").ToList());
        Assert.Contains("not a rejected-records shard", wrongKind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new DocumentShardOptions { RowGroupTargetBytes = 10 }.Validate());
        Assert.Throws<ArgumentException>(() => new DocumentShardOptions { SpoolFolder = "/no/such/folder/here" }.Validate());
    }
}

using System.Text.Json;
using Sluice.Documents;
using Sluice.Parquet;
using Sluice.Testing;

namespace Sluice.Ingest.Tests;

public sealed class ParquetInputTests
{
    private static byte[] Table(IEnumerable<(string? Text, long Year)> rows)
    {
        var output = new MemoryStream();
        var schema = new ParquetSchema(new ParquetColumn("year", ParquetColumnType.Int64), new ParquetColumn("text", ParquetColumnType.String, isNullable: true));
        using (var writer = new ParquetWriter(output, schema, new ParquetWriterOptions { RowGroupTargetBytes = 4096 }, leaveOpen: true))
        {
            foreach (var (text, year) in rows)
            {
                writer.WriteInt64(0, year);
                writer.WriteString(1, text);
                writer.EndRow();
            }
        }

        return output.ToArray();
    }

    [Fact]
    public void Parquet_rows_become_documents_with_the_other_columns_as_metadata()
    {
        var paragraphs = BrownCorpus.Paragraphs().Take(50).ToList();
        var bytes = Table(paragraphs.Select((p, i) => ((string?)p, 1961L + i)).Append((null, 0)));
        var (result, sink) = Ingesting.Run(bytes, "exports/brown.parquet");
        var documents = sink.Documents();
        Assert.Equal(paragraphs.Select(p => p.Trim()), documents.Select(d => d.Text));
        var metadata = JsonDocument.Parse(documents[4].Metadata).RootElement;
        Assert.Equal(1965, metadata.GetProperty("fields").GetProperty("year").GetInt64());
        Assert.Equal(5, metadata.GetProperty("row").GetInt64());
        Assert.Equal("parquet", metadata.GetProperty("format").GetString());
        Assert.Equal(1, result.RejectedByReason[RejectionReasons.MissingText]);
    }

    [Fact]
    public void Our_own_document_shards_can_be_dropped_again_inside_a_zip()
    {
        var first = Ingesting.Run(string.Join("\n", Fortunes.Read("it").Take(30).Select(f => JsonSerializer.Serialize(new { text = f }))), "it.jsonl");
        var shard = first.Sink.Objects[first.Result.DocumentShards.Single().Key];
        var (result, sink) = Ingesting.Run(Archives.Zip(("lake/part.parquet", shard)), "reingest.zip");
        Assert.Equal(first.Sink.Documents().Select(d => d.Text), sink.Documents().Select(d => d.Text));
        var fields = JsonDocument.Parse(sink.Documents()[0].Metadata).RootElement.GetProperty("fields");
        Assert.Equal(first.Sink.Documents()[0].Id, fields.GetProperty("id").GetString());
        Assert.Equal(30, result.DocumentCount);
    }

    [Fact]
    public void Damaged_or_textless_parquet_is_quarantined()
    {
        var bytes = Table([("hello", 1)]);
        var damaged = bytes[..(bytes.Length - 12)];
        Assert.Equal(RejectionReasons.InvalidParquet, Assert.Single(Ingesting.Run(damaged, "d.parquet").Sink.Rejected()).Reason);
        var textless = Ingesting.Run(bytes, "t.parquet", new IngestOptions { TextColumn = "body" });
        var rejected = Assert.Single(textless.Sink.Rejected());
        Assert.Equal(RejectionReasons.MissingText, rejected.Reason);
        Assert.Contains("year", rejected.Detail, StringComparison.Ordinal);
    }
}

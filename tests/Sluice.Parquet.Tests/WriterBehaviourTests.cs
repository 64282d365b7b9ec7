using System.Text.Json;
using Sluice.Parquet.Format;
using Sluice.Parquet.Thrift;
using Sluice.Testing;

namespace Sluice.Parquet.Tests;

/// <summary>Writer behaviour users rely on: statistics, metadata, dictionary fallback, streaming, projection, the columnar path and misuse errors.</summary>
public class WriterBehaviourTests
{
    [Fact]
    public void DuckDB_sees_our_statistics_and_key_value_metadata()
    {
        using var folder = new TempFolder();
        var file = folder.File("stats.parquet");
        var schema = new ParquetSchema(
            new ParquetColumn("name", ParquetColumnType.String, isNullable: true),
            new ParquetColumn("n", ParquetColumnType.Int64),
            new ParquetColumn("x", ParquetColumnType.Double, isNullable: true));
        var options = new ParquetWriterOptions { Metadata = { ["sluice.lineage"] = "drop/a.txt -> lake/docs/raw/1" } };
        using (var writer = ParquetWriter.Create(file, schema, options))
        {
            writer.SetMetadata("sluice.config_hash", "abc123");
            var names = new[] { "pear", "apple", null, "zebra", "mango" };
            for (var i = 0; i < names.Length; i++)
            {
                writer.WriteString(0, names[i]);
                writer.WriteInt64(1, (i * 1000) - 1500);
                writer.WriteDouble(2, i == 4 ? double.NaN : i * 0.5);
                writer.EndRow();
            }
        }

        using var metadata = JsonDocument.Parse(NodePeer.Run("parquet-duckdb.mjs", ["metadata", file]));
        var chunks = metadata.RootElement.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(("apple", "zebra", "1"), Stats(chunks[0]));
        Assert.Equal(("-1500", "2500", "0"), Stats(chunks[1]));
        Assert.Equal(("-0.0", "1.5", "0"), Stats(chunks[2]));
        Assert.Equal("SNAPPY", chunks[0].GetProperty("compression").GetString());
        var pairs = metadata.RootElement.GetProperty("keyValues").EnumerateArray()
            .ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("drop/a.txt -> lake/docs/raw/1", pairs["sluice.lineage"]);
        Assert.Equal("abc123", pairs["sluice.config_hash"]);

        using var reader = ParquetReader.Open(file);
        Assert.Equal("abc123", reader.Metadata["sluice.config_hash"]);
    }

    [Fact]
    public void Dictionary_encoding_falls_back_to_plain_when_the_dictionary_outgrows_its_limit()
    {
        var schema = new ParquetSchema(new ParquetColumn("few", ParquetColumnType.String), new ParquetColumn("many", ParquetColumnType.String));
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, schema, new ParquetWriterOptions { DictionaryLimitBytes = 4096 }, leaveOpen: true))
        {
            for (var i = 0; i < 5000; i++)
            {
                writer.WriteString(0, $"label-{i % 8}");
                writer.WriteString(1, $"unique value number {i}");
                writer.EndRow();
            }
        }

        var footer = Footer(stream.ToArray());
        var chunks = footer.RowGroups[0].Columns;
        Assert.Contains(PageEncoding.RleDictionary, chunks[0].Encodings);
        Assert.NotNull(chunks[0].DictionaryPageOffset);
        Assert.DoesNotContain(PageEncoding.RleDictionary, chunks[1].Encodings);
        Assert.Null(chunks[1].DictionaryPageOffset);

        using var reader = new ParquetReader(new MemoryStream(stream.ToArray()), "fallback.parquet");
        var group = reader.ReadRowGroup(0);
        Assert.Equal("label-3", group.Column("few").GetString(4995));
        Assert.Equal("unique value number 4999", group.Column("many").GetString(4999));
    }

    [Fact]
    public void Row_groups_are_written_as_they_fill_without_a_seekable_stream()
    {
        var sink = new ForwardOnlyStream();
        var schema = new ParquetSchema(new ParquetColumn("text", ParquetColumnType.String));
        var writer = new ParquetWriter(sink, schema, new ParquetWriterOptions { RowGroupTargetBytes = 64 << 10 });
        var random = new Random(4);
        for (var i = 0; i < 2000; i++)
        {
            writer.WriteString(0, string.Concat(Enumerable.Range(0, 200).Select(_ => (char)('a' + random.Next(26)))));
            writer.EndRow();
        }

        Assert.True(writer.RowGroupCount >= 5, $"only {writer.RowGroupCount} row groups written while streaming");
        Assert.True(sink.Written > 300_000, "row groups should already be on the stream before the footer");
        writer.Dispose();

        using var reader = new ParquetReader(new MemoryStream(sink.ToArray()), "streamed.parquet");
        Assert.Equal(2000, reader.RowCount);
        Assert.Equal(writer.RowGroupCount, reader.RowGroupCount);
    }

    [Fact]
    public void Projection_reads_only_the_requested_columns()
    {
        var schema = new ParquetSchema(new ParquetColumn("id", ParquetColumnType.Int64), new ParquetColumn("text", ParquetColumnType.String));
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, schema, new ParquetWriterOptions { Compression = ParquetCompression.Uncompressed }, leaveOpen: true))
        {
            for (var i = 0; i < 1000; i++)
            {
                writer.WriteInt64(0, i);
                writer.WriteString(1, $"{i} " + new string('x', 1000));
                writer.EndRow();
            }
        }

        var counting = new CountingStream(stream.ToArray());
        using var reader = new ParquetReader(counting, "projection.parquet");
        var group = reader.ReadRowGroup(0, "id");
        Assert.Single(group.Columns);
        Assert.Equal(999, group.Column("id").GetInt64(999));
        Assert.True(counting.BytesRead < 40_000, $"reading one small column read {counting.BytesRead} of {stream.Length} bytes");
        Assert.Throws<KeyNotFoundException>(() => group.Column("text"));
        Assert.Contains("no column 'missing'", Assert.Throws<ArgumentException>(() => reader.ReadRowGroup(0, "missing")).Message);
    }

    [Fact]
    public void The_columnar_path_writes_the_same_file_as_the_row_path()
    {
        var schema = new ParquetSchema(
            new ParquetColumn("id", ParquetColumnType.Int64),
            new ParquetColumn("score", ParquetColumnType.Double),
            new ParquetColumn("ok", ParquetColumnType.Boolean),
            new ParquetColumn("n", ParquetColumnType.Int32),
            new ParquetColumn("f", ParquetColumnType.Float),
            new ParquetColumn("label", ParquetColumnType.String, isNullable: true));
        var ids = Enumerable.Range(0, 3000).Select(i => (long)i * 3).ToArray();
        var scores = ids.Select(i => i / 7.0).ToArray();
        var oks = ids.Select(i => i % 2 == 0).ToArray();
        var ns = ids.Select(i => (int)-i).ToArray();
        var fs = ids.Select(i => i / 3f).ToArray();
        var labels = ids.Select(i => i % 5 == 0 ? null : $"l{i % 11}").ToArray();

        var columnar = new MemoryStream();
        using (var writer = new ParquetWriter(columnar, schema, leaveOpen: true))
        {
            writer.WriteColumn(0, ids);
            writer.WriteColumn(1, scores);
            writer.WriteColumn(2, oks);
            writer.WriteColumn(3, ns);
            writer.WriteColumn(4, fs);
            writer.WriteColumn(5, labels);
            writer.EndRows();
        }

        var rowWise = new MemoryStream();
        using (var writer = new ParquetWriter(rowWise, schema, leaveOpen: true))
        {
            for (var i = 0; i < ids.Length; i++)
            {
                writer.WriteInt64(0, ids[i]);
                writer.WriteDouble(1, scores[i]);
                writer.WriteBoolean(2, oks[i]);
                writer.WriteInt32(3, ns[i]);
                writer.WriteFloat(4, fs[i]);
                writer.WriteString(5, labels[i]);
                writer.EndRow();
            }
        }

        Assert.Equal(rowWise.ToArray(), columnar.ToArray());
        using var reader = new ParquetReader(new MemoryStream(columnar.ToArray()), "columnar.parquet");
        var group = reader.ReadRowGroup(0);
        Assert.Equal(ids, group.Column("id").Int64Values.ToArray());
        Assert.Equal(scores, group.Column("score").DoubleValues.ToArray());
        Assert.Equal(oks, group.Column("ok").BooleanValues.ToArray());
        Assert.Equal(ns, group.Column("n").Int32Values.ToArray());
        Assert.Equal(fs, group.Column("f").FloatValues.ToArray());
        Assert.Equal(labels, Enumerable.Range(0, ids.Length).Select(group.Column("label").GetString));
    }

    [Fact]
    public void Misuse_is_reported_clearly()
    {
        var schema = new ParquetSchema(new ParquetColumn("id", ParquetColumnType.String), new ParquetColumn("n", ParquetColumnType.Int64, isNullable: true));
        using var writer = new ParquetWriter(new MemoryStream(), schema);
        Assert.Contains("'id' is required", Assert.Throws<InvalidOperationException>(() => writer.WriteString(0, null)).Message);
        Assert.Contains("'n' is Int64; it cannot take a String value", Assert.Throws<InvalidOperationException>(() => writer.WriteString(1, "x")).Message);
        Assert.Contains("'id': the string is not valid UTF-16", Assert.Throws<ArgumentException>(() => writer.WriteString(0, "bad \uD800 surrogate")).Message);
        writer.WriteString(0, "a");
        Assert.Contains("column 'n' has 0 values", Assert.Throws<InvalidOperationException>(writer.EndRow).Message);
        writer.WriteInt64(1, (long?)null);
        writer.EndRow();
        Assert.Equal(1, writer.RowCount);
        Assert.Throws<ArgumentException>(() => new ParquetSchema(new ParquetColumn("a", ParquetColumnType.Int32), new ParquetColumn("a", ParquetColumnType.Int64)));
        Assert.Throws<ArgumentException>(() => new ParquetWriterOptions { PageTargetBytes = 10 }.Validate());
    }

    [Fact]
    public void Reading_a_column_as_the_wrong_type_is_reported_clearly()
    {
        var schema = new ParquetSchema(new ParquetColumn("id", ParquetColumnType.String), new ParquetColumn("ids", ParquetColumnType.Int64List));
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, schema, leaveOpen: true))
        {
            writer.WriteString(0, "a");
            writer.WriteInt64List(1, [1, 2]);
            writer.EndRow();
        }

        using var reader = new ParquetReader(new MemoryStream(stream.ToArray()), "types.parquet");
        var group = reader.ReadRowGroup(0);
        Assert.Contains("'id' is String; it cannot be read as Int64", Assert.Throws<InvalidOperationException>(() => group.Column("id").GetInt64(0)).Message);
        Assert.Throws<InvalidOperationException>(() => group.Column("ids").GetInt64(0));
        Assert.Throws<InvalidOperationException>(() => _ = group.Column("ids").ByteData.Length);
        Assert.Equal([1L, 2L], group.Column("ids").Int64Values.ToArray());
        Assert.Equal([0, 2], group.Column("ids").ListOffsets.ToArray());
    }

    private static (string?, string?, string?) Stats(JsonElement chunk) =>
        (chunk.GetProperty("stats_min_value").GetString(), chunk.GetProperty("stats_max_value").GetString(), chunk.GetProperty("null_count").GetString());

    private static FileMetadata Footer(byte[] file)
    {
        var length = BitConverter.ToInt32(file, file.Length - 8);
        return FileMetadata.Read(new CompactReader(file, file.Length - 8 - length, length));
    }

    /// <summary>A write-only stream that cannot seek or report a position, like a network upload.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        private readonly MemoryStream _inner = new();

        public long Written => _inner.Length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] ToArray() => _inner.ToArray();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
    }

    /// <summary>A seekable in-memory stream that counts the bytes read from it.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            BytesRead += read;
            return read;
        }
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using Sluice.Parquet.Encodings;
using Sluice.Parquet.Format;
using Sluice.Parquet.Thrift;
using Sluice.Testing;

namespace Sluice.Parquet.Tests;

/// <summary>Damaged and truncated files must give <see cref="ParquetFormatException"/>: never another exception, never a hang.</summary>
public class DamagedFileTests
{
    private static readonly Lazy<byte[]> Sample = new(() =>
        GeneratedTables.Rows(nullable: true, 400, seed: 21, distinctStrings: 30)
            .ToParquet(new ParquetWriterOptions { RowGroupTargetBytes = 16 << 10, PageTargetBytes = 2 << 10 }));

    [Fact]
    public void Every_truncation_gives_the_typed_error()
    {
        var file = Sample.Value;
        var offsets = Enumerable.Range(0, 150).Select(i => (int)((long)file.Length * i / 150))
            .Concat(Enumerable.Range(1, 120).Select(i => file.Length - i))
            .Distinct();
        foreach (var length in offsets)
        {
            var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(file.AsSpan(0, length).ToArray(), "truncated.parquet"));
            Assert.Equal("truncated.parquet", error.FileName);
        }
    }

    [Fact]
    public void Flipped_bytes_anywhere_give_the_typed_error_or_a_complete_read()
    {
        var file = Sample.Value;
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        var footerStart = file.Length - 8 - footerLength;
        var random = new Random(1234);
        var failures = 0;
        var positions = Enumerable.Range(footerStart, footerLength + 8).Concat(Enumerable.Range(0, 600).Select(_ => random.Next(footerStart)));
        var tried = 0;
        foreach (var position in positions)
        {
            foreach (var mask in new byte[] { 0xFF, 0x01, 0x80 })
            {
                var damaged = (byte[])file.Clone();
                damaged[position] ^= mask;
                var watch = Stopwatch.StartNew();
                try
                {
                    ReadEverything(damaged, "flipped.parquet");
                }
                catch (ParquetFormatException error)
                {
                    Assert.Equal("flipped.parquet", error.FileName);
                    failures++;
                }

                tried++;
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"reading with byte {position} flipped took {watch.Elapsed}");
            }
        }

        // Most damage is detected; flips inside values or statistics can legitimately still read.
        Assert.True(failures > tried / 4, $"only {failures} of {tried} damaged files were rejected");
    }

    [Fact]
    public void Damaged_peer_files_with_v2_pages_and_delta_encodings_give_the_typed_error_or_a_complete_read()
    {
        // DuckDB's v2 files and arrow-rs's writer V2 bring in data page v2, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
        // DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT and RLE booleans: their decoders get the same damage.
        using var folder = new TempFolder();
        var duck = folder.File("duck.parquet");
        var arrow = folder.File("arrow.parquet");
        NodePeer.Run("parquet-duckdb.mjs", ["write", duck, "snappy", "3000", "1000", "v2"]);
        NodePeer.Run("parquet-wasm.mjs", ["rewrite", duck, arrow, "SNAPPY", "false", "V2", "1000"]);
        var random = new Random(77);
        var failures = 0;
        foreach (var file in new[] { File.ReadAllBytes(duck), File.ReadAllBytes(arrow) })
        {
            for (var k = 0; k < 400; k++)
            {
                var damaged = (byte[])file.Clone();
                for (var flips = 0; flips <= k % 3; flips++)
                {
                    damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
                }

                var watch = Stopwatch.StartNew();
                try
                {
                    ReadEverything(damaged, "peer.parquet");
                }
                catch (ParquetFormatException error)
                {
                    Assert.Equal("peer.parquet", error.FileName);
                    failures++;
                }

                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"a damaged peer file took {watch.Elapsed}");
            }
        }

        Assert.True(failures > 200, $"only {failures} of 800 damaged peer files were rejected");
    }

    [Fact]
    public void Bad_magic_is_named()
    {
        var file = (byte[])Sample.Value.Clone();
        file[0] = (byte)'X';
        Assert.Contains("bad magic at the start", Assert.Throws<ParquetFormatException>(() => ReadEverything(file, "magic.parquet")).Message);
        file = (byte[])Sample.Value.Clone();
        file[^1] = (byte)'X';
        Assert.Contains("bad magic at the end", Assert.Throws<ParquetFormatException>(() => ReadEverything(file, "magic.parquet")).Message);
    }

    [Fact]
    public void A_footer_length_past_the_file_is_named()
    {
        var file = (byte[])Sample.Value.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(file.Length - 8), file.Length);
        var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(file, "footer.parquet"));
        Assert.Contains("footer length", error.Message);
    }

    [Fact]
    public void A_garbage_footer_is_named()
    {
        var file = (byte[])Sample.Value.Clone();
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        new Random(5).NextBytes(file.AsSpan(file.Length - 8 - footerLength, footerLength));
        var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(file, "garbage.parquet"));
        Assert.StartsWith("garbage.parquet: invalid footer", error.Message);
    }

    [Fact]
    public void A_page_whose_sizes_disagree_is_named()
    {
        var file = OneColumnFile(ParquetCompression.Snappy);
        var (header, bodyStart) = FirstPageHeader(file);
        header.UncompressedPageSize += 1;
        var damaged = ReplaceFirstPageHeader(file, header, bodyStart);
        var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(damaged, "sizes.parquet"));
        Assert.Contains("column 'text'", error.Message);
        Assert.Contains("page header says", error.Message);
    }

    [Fact]
    public void A_page_claiming_more_bytes_than_its_chunk_is_named()
    {
        var file = OneColumnFile(ParquetCompression.Uncompressed);
        var (header, bodyStart) = FirstPageHeader(file);
        header.CompressedPageSize += 1000;
        header.UncompressedPageSize += 1000;
        var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(ReplaceFirstPageHeader(file, header, bodyStart), "sizes.parquet"));
        Assert.Contains("bytes but the column chunk has", error.Message);
    }

    [Fact]
    public void A_codec_failure_is_named()
    {
        var file = OneColumnFile(ParquetCompression.Snappy);
        var (header, bodyStart) = FirstPageHeader(file);
        file.AsSpan(bodyStart + 3, header.CompressedPageSize - 3).Fill(0xFF);
        var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(file, "codec.parquet"));
        Assert.Contains("Snappy", error.Message);

        var gzip = OneColumnFile(ParquetCompression.Gzip);
        (header, bodyStart) = FirstPageHeader(gzip);
        gzip.AsSpan(bodyStart + 10, header.CompressedPageSize - 20).Fill(0x55);
        Assert.Throws<ParquetFormatException>(() => ReadEverything(gzip, "codec.parquet"));
    }

    private static void ReadEverything(byte[] file, string name)
    {
        using var reader = new ParquetReader(new MemoryStream(file), name);
        foreach (var group in reader.ReadRowGroups())
        {
            foreach (var column in group.Columns)
            {
                for (var i = 0; i < column.RowCount; i++)
                {
                    // A flipped value byte can move a timestamp past DateTime's range; the raw value still decodes.
                    _ = column.Column.Type is ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros ? column.GetInt64(i) : column.GetValue(i);
                }
            }
        }
    }

    private static byte[] OneColumnFile(ParquetCompression compression)
    {
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, new ParquetSchema(new ParquetColumn("text", ParquetColumnType.String)), new ParquetWriterOptions { Compression = compression, DictionaryEncoding = false }, leaveOpen: true))
        {
            for (var i = 0; i < 200; i++)
            {
                writer.WriteString(0, $"document {i} with some text that compresses a little, document {i}");
                writer.EndRow();
            }
        }

        return stream.ToArray();
    }

    private static (PageHeader Header, int BodyStart) FirstPageHeader(byte[] file)
    {
        var reader = new CompactReader(file, 4, file.Length - 4);
        var header = PageHeader.Read(reader);
        return (header, reader.Position);
    }

    private static byte[] ReplaceFirstPageHeader(byte[] file, PageHeader header, int bodyStart)
    {
        var sink = new ByteSink();
        header.WriteDataPageV1(new CompactWriter(sink));
        Assert.Equal(bodyStart - 4, sink.Length);
        var damaged = (byte[])file.Clone();
        sink.WrittenSpan.CopyTo(damaged.AsSpan(4));
        return damaged;
    }
}

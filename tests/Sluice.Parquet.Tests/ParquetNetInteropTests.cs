using System.Collections;
using ParquetNet = Parquet;

namespace Sluice.Parquet.Tests;

/// <summary>
/// Parquet.Net 6.1.0, the card's .NET Parquet library, as an interop peer: it reads every column type Sluice writes
/// (list columns included) with identical values, and Sluice reads what it writes. The codec stays Sluice's own
/// (docs/parquet.md says why, with the figures).
/// </summary>
public sealed class ParquetNetInteropTests
{
    public static TheoryData<ParquetCompression, bool, bool> OurFiles() => new()
    {
        { ParquetCompression.Snappy, true, true },
        { ParquetCompression.Snappy, false, false },
        { ParquetCompression.Gzip, false, true },
        { ParquetCompression.Uncompressed, true, false },
    };

    [Theory]
    [MemberData(nameof(OurFiles))]
    public async Task Parquet_Net_reads_our_files_with_identical_values(ParquetCompression compression, bool dictionary, bool nullable)
    {
        var table = GeneratedTables.Rows(nullable, 900, seed: 17, distinctStrings: dictionary ? 30 : int.MaxValue);
        var bytes = table.ToParquet(new ParquetWriterOptions { Compression = compression, DictionaryEncoding = dictionary, RowGroupTargetBytes = 128 << 10 });

        var read = await ParquetNet.Serialization.ParquetSerializer.DeserializeUntypedAsync(new MemoryStream(bytes));

        Assert.Equal(table.Schema.Columns.Select(c => c.Name), read.Schema.Fields.Select(f => f.Name));
        Assert.Equal(table.Rows.Count, read.Data.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            for (var c = 0; c < table.Schema.Columns.Count; c++)
            {
                var column = table.Schema.Columns[c];
                AssertSame(table.Rows[r][c], read.Data[r].GetValueOrDefault(column.Name), $"row {r}, column {column.Name}");
            }
        }
    }

    [Theory]
    [InlineData(ParquetNet.CompressionMethod.Snappy, true)]
    [InlineData(ParquetNet.CompressionMethod.Gzip, false)]
    [InlineData(ParquetNet.CompressionMethod.None, true)]
    public async Task We_read_Parquet_Net_files_with_identical_values(ParquetNet.CompressionMethod compression, bool nullable)
    {
        var schema = new ParquetNet.Schema.ParquetSchema(
            new ParquetNet.Schema.DataField("s", typeof(string), nullable),
            new ParquetNet.Schema.DataField("i32", typeof(int), nullable),
            new ParquetNet.Schema.DataField("i64", typeof(long), nullable),
            new ParquetNet.Schema.DataField("d", typeof(double), nullable),
            new ParquetNet.Schema.DataField("flag", typeof(bool), nullable),
            new ParquetNet.Schema.ListField("l32", new ParquetNet.Schema.DataField("element", typeof(int), false)),
            new ParquetNet.Schema.ListField("l64", new ParquetNet.Schema.DataField("element", typeof(long), false)));
        var random = new Random(23);
        var rows = new List<IDictionary<string, object?>>();
        for (var r = 0; r < 2500; r++)
        {
            var absent = nullable && r % 5 == 2;
            rows.Add(new Dictionary<string, object?>
            {
                ["s"] = absent ? null : $"row {r} héllo 🚀 {new string('x', r % 40)}",
                ["i32"] = absent ? null : random.Next(int.MinValue, int.MaxValue),
                ["i64"] = absent ? null : random.NextInt64(),
                ["d"] = absent ? null : random.NextDouble() * 1e9,
                ["flag"] = absent ? null : r % 3 == 0,
                ["l32"] = Enumerable.Range(0, r % 6).Select(_ => random.Next()).ToList(),
                ["l64"] = Enumerable.Range(0, (r + 2) % 4).Select(_ => random.NextInt64()).ToList(),
            });
        }

        var file = new MemoryStream();
        await ParquetNet.Serialization.ParquetSerializer.SerializeUntypedAsync(rows, schema, file, new ParquetNet.ParquetOptions { CompressionMethod = compression, RowGroupSize = 1000 });
        file.Position = 0;

        using var reader = new ParquetReader(file, "parquet-net.parquet", leaveOpen: true);
        Assert.Equal(
            [("s", ParquetColumnType.String), ("i32", ParquetColumnType.Int32), ("i64", ParquetColumnType.Int64), ("d", ParquetColumnType.Double),
             ("flag", ParquetColumnType.Boolean), ("l32", ParquetColumnType.Int32List), ("l64", ParquetColumnType.Int64List)],
            reader.Schema.Columns.Select(c => (c.Name, c.Type)));
        Assert.True(reader.RowGroupCount > 1, "expected several row groups");
        var r2 = 0;
        foreach (var group in reader.ReadRowGroups())
        {
            for (var i = 0; i < group.RowCount; i++, r2++)
            {
                foreach (var column in group.Columns)
                {
                    AssertSame(rows[r2][column.Column.Name], column.GetValue(i), $"row {r2}, column {column.Column.Name}");
                }
            }
        }

        Assert.Equal(rows.Count, r2);
    }

    private static void AssertSame(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{where}: expected null, got {actual}");
                break;
            case DateTime time:
                Assert.True(actual is DateTime otherTime && otherTime.Ticks == time.Ticks, $"{where}: expected {time:O}, got {actual}");
                break;
            case byte[] bytes:
                Assert.True(actual is byte[] otherBytes && bytes.AsSpan().SequenceEqual(otherBytes), $"{where}: bytes differ");
                break;
            case float single:
                Assert.True(actual is float otherSingle && (single.Equals(otherSingle) || (float.IsNaN(single) && float.IsNaN(otherSingle))), $"{where}: expected {single}, got {actual}");
                break;
            case double number:
                Assert.True(actual is double otherNumber && BitConverter.DoubleToInt64Bits(number) == BitConverter.DoubleToInt64Bits(otherNumber), $"{where}: expected {number:R}, got {actual}");
                break;
            case IEnumerable list and not string:
                Assert.True(actual is IEnumerable items, $"{where}: expected a list, got {actual}");
                Assert.Equal(list.Cast<object>().ToList(), ((IEnumerable)actual!).Cast<object>().ToList());
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }
}

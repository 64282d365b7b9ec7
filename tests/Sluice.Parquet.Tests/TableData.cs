using Sluice.Parquet;

namespace Sluice.Parquet.Tests;

/// <summary>A schema plus rows of boxed values, written through the row API and compared after reading back.</summary>
internal sealed class TableData(ParquetSchema schema, List<object?[]> rows)
{
    public ParquetSchema Schema { get; } = schema;

    public List<object?[]> Rows { get; } = rows;

    public void Write(ParquetWriter writer)
    {
        foreach (var row in Rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var value = row[c];
                if (value is null)
                {
                    writer.WriteNull(c);
                    continue;
                }

                switch (Schema.Columns[c].Type)
                {
                    case ParquetColumnType.String: writer.WriteString(c, (string)value); break;
                    case ParquetColumnType.Binary: writer.WriteBytes(c, (byte[])value); break;
                    case ParquetColumnType.Int32: writer.WriteInt32(c, (int)value); break;
                    case ParquetColumnType.Int64: writer.WriteInt64(c, (long)value); break;
                    case ParquetColumnType.Float: writer.WriteFloat(c, (float)value); break;
                    case ParquetColumnType.Double: writer.WriteDouble(c, (double)value); break;
                    case ParquetColumnType.Boolean: writer.WriteBoolean(c, (bool)value); break;
                    case ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros: writer.WriteTimestamp(c, (DateTime)value); break;
                    case ParquetColumnType.Int32List: writer.WriteInt32List(c, (int[])value); break;
                    case ParquetColumnType.Int64List: writer.WriteInt64List(c, (long[])value); break;
                }
            }

            writer.EndRow();
        }
    }

    public byte[] ToParquet(ParquetWriterOptions options)
    {
        var stream = new MemoryStream();
        using (var writer = new ParquetWriter(stream, Schema, options, leaveOpen: true))
        {
            Write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Reads every row group and asserts the values equal <see cref="Rows"/>.</summary>
    public void AssertEqualTo(ParquetReader reader)
    {
        Assert.Equal(Schema.Columns.Select(c => (c.Name, c.Type, c.IsNullable)), reader.Schema.Columns.Select(c => (c.Name, c.Type, c.IsNullable)));
        Assert.Equal(Rows.Count, reader.RowCount);
        var r = 0;
        foreach (var group in reader.ReadRowGroups())
        {
            for (var i = 0; i < group.RowCount; i++, r++)
            {
                for (var c = 0; c < Schema.Columns.Count; c++)
                {
                    var expected = Rows[r][c];
                    var actual = group.Columns[c].GetValue(i);
                    AssertValue(expected, actual, $"row {r}, column {Schema.Columns[c].Name}");
                }
            }
        }

        Assert.Equal(Rows.Count, r);
    }

    public static void AssertValue(object? expected, object? actual, string where)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{where}: expected null, got {actual}");
                break;
            case DateTime time:
                Assert.Equal(time.ToUniversalTime(), Assert.IsType<DateTime>(actual));
                break;
            case float f:
                Assert.True(BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits(Assert.IsType<float>(actual)), $"{where}: {f} != {actual}");
                break;
            case double d:
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(Assert.IsType<double>(actual)), $"{where}: {d} != {actual}");
                break;
            default:
                Assert.True(Equals(expected, actual) || (expected is System.Collections.IStructuralEquatable s && s.Equals(actual, System.Collections.StructuralComparisons.StructuralEqualityComparer)),
                    $"{where}: expected {Show(expected)}, got {Show(actual)}");
                break;
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        int[] a => "[" + string.Join(",", a) + "]",
        long[] a => "[" + string.Join(",", a) + "]",
        byte[] a => Convert.ToHexString(a),
        _ => value.ToString() ?? "",
    };
}

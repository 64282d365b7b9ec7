using System.Text;

namespace Sluice.Parquet.Tests;

/// <summary>Deterministic generated data for every column type: nulls, empty and long strings, unicode, extremes.</summary>
internal static class GeneratedTables
{
    private static readonly string[] Words = ["", "a", "Sluice", "héllo wörld", "日本語のテキスト", "emoji 🚀🌊", "tab\tand\nnewline", "quote \" and \\ backslash"];

    public static ParquetSchema AllTypes(bool nullable) => new(
        new ParquetColumn("s", ParquetColumnType.String, nullable),
        new ParquetColumn("b", ParquetColumnType.Binary, nullable),
        new ParquetColumn("i32", ParquetColumnType.Int32, nullable),
        new ParquetColumn("i64", ParquetColumnType.Int64, nullable),
        new ParquetColumn("f", ParquetColumnType.Float, nullable),
        new ParquetColumn("d", ParquetColumnType.Double, nullable),
        new ParquetColumn("flag", ParquetColumnType.Boolean, nullable),
        new ParquetColumn("ts_ms", ParquetColumnType.TimestampMillis, nullable),
        new ParquetColumn("ts_us", ParquetColumnType.TimestampMicros, nullable),
        new ParquetColumn("l32", ParquetColumnType.Int32List, nullable),
        new ParquetColumn("l64", ParquetColumnType.Int64List, nullable));

    public static TableData Rows(bool nullable, int count, int seed, int distinctStrings = int.MaxValue)
    {
        var schema = AllTypes(nullable);
        var random = new Random(seed);
        var rows = new List<object?[]>(count);
        for (var r = 0; r < count; r++)
        {
            var row = new object?[schema.Columns.Count];
            row[0] = StringValue(random, r, distinctStrings);
            row[1] = Encoding.UTF8.GetBytes(StringValue(random, r, distinctStrings)).Append((byte)(r % 256)).ToArray();
            row[2] = r % 7 == 0 ? int.MinValue + r : random.Next(int.MinValue, int.MaxValue);
            row[3] = r % 5 == 0 ? long.MaxValue - r : random.NextInt64(long.MinValue, long.MaxValue);
            row[4] = r % 11 == 0 ? float.NaN : (float)(random.NextDouble() * 1e6 - 5e5);
            row[5] = r % 13 == 0 ? -0.0 : random.NextDouble() * 1e12 - 5e11;
            row[6] = random.Next(2) == 0;
            row[7] = DateTime.UnixEpoch.AddMilliseconds(random.NextInt64(-10_000_000_000, 40_000_000_000_000));
            row[8] = DateTime.UnixEpoch.AddTicks(random.NextInt64(0, 30_000_000_000_000) * 10);
            row[9] = Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next()).ToArray();
            row[10] = Enumerable.Range(0, r % 4 == 0 ? 0 : random.Next(1, 9)).Select(_ => random.NextInt64()).ToArray();
            if (nullable)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    if ((r + c) % 4 == 1)
                    {
                        row[c] = null;
                    }
                }
            }

            rows.Add(row);
        }

        return new TableData(schema, rows);
    }

    private static string StringValue(Random random, int row, int distinct)
    {
        if (distinct != int.MaxValue)
        {
            return Words[row % Words.Length] + (row % distinct);
        }

        if (row % 97 == 3)
        {
            return new string('x', 70_000) + row;
        }

        return Words[random.Next(Words.Length)] + row;
    }
}

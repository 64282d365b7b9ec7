namespace Sluice.Parquet.Tests;

public class RoundTripTests
{
    public static TheoryData<ParquetCompression, bool, bool> Matrix()
    {
        var data = new TheoryData<ParquetCompression, bool, bool>();
        foreach (var compression in Enum.GetValues<ParquetCompression>())
        {
            foreach (var dictionary in new[] { true, false })
            {
                foreach (var nullable in new[] { true, false })
                {
                    data.Add(compression, dictionary, nullable);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Every_type_round_trips_for_each_codec_and_encoding(ParquetCompression compression, bool dictionary, bool nullable)
    {
        var table = GeneratedTables.Rows(nullable, 3000, seed: 7, distinctStrings: dictionary ? 50 : int.MaxValue);
        var options = new ParquetWriterOptions { Compression = compression, DictionaryEncoding = dictionary, RowGroupTargetBytes = 64 << 10, PageTargetBytes = 8 << 10 };
        var bytes = table.ToParquet(options);
        using var reader = new ParquetReader(new MemoryStream(bytes), "generated.parquet");
        Assert.True(reader.RowGroupCount > 1, "the small row group target should give several row groups");
        table.AssertEqualTo(reader);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Zero_and_one_row_files_round_trip(int rows)
    {
        var table = GeneratedTables.Rows(nullable: true, rows, seed: 3);
        var bytes = table.ToParquet(new ParquetWriterOptions());
        using var reader = new ParquetReader(new MemoryStream(bytes), "tiny.parquet");
        Assert.Equal(rows, reader.RowGroupCount);
        table.AssertEqualTo(reader);
    }
}

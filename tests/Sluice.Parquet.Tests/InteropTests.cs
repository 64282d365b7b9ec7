using Sluice.Testing;

namespace Sluice.Parquet.Tests;

/// <summary>Files Sluice writes are read by DuckDB, arrow-rs (parquet-wasm) and hyparquet; files they write are read by Sluice.</summary>
public class InteropTests
{
    private static readonly (string Name, ParquetColumnType Type)[] DuckDbGenerated =
    [
        ("s", ParquetColumnType.String), ("cat", ParquetColumnType.String), ("b", ParquetColumnType.Binary),
        ("i32", ParquetColumnType.Int32), ("i64", ParquetColumnType.Int64), ("f", ParquetColumnType.Float),
        ("d", ParquetColumnType.Double), ("flag", ParquetColumnType.Boolean), ("ts_ms", ParquetColumnType.TimestampMillis),
        ("ts_us", ParquetColumnType.TimestampMicros), ("l32", ParquetColumnType.Int32List), ("l64", ParquetColumnType.Int64List),
    ];

    public static TheoryData<ParquetCompression, bool, bool> OurFiles() => new()
    {
        { ParquetCompression.Snappy, true, true },
        { ParquetCompression.Snappy, false, false },
        { ParquetCompression.Gzip, true, false },
        { ParquetCompression.Uncompressed, false, true },
    };

    [Theory]
    [MemberData(nameof(OurFiles))]
    public void DuckDB_and_hyparquet_read_our_files_with_identical_values_and_types(ParquetCompression compression, bool dictionary, bool nullable)
    {
        using var folder = new TempFolder();
        var table = GeneratedTables.Rows(nullable, 1200, seed: 11, distinctStrings: dictionary ? 40 : int.MaxValue);
        var file = folder.File("ours.parquet");
        File.WriteAllBytes(file, table.ToParquet(new ParquetWriterOptions { Compression = compression, DictionaryEncoding = dictionary, RowGroupTargetBytes = 256 << 10 }));

        var duck = PeerTable.Read("parquet-duckdb.mjs", file);
        Assert.Equal(table.Schema.Columns.Select(c => c.Name), duck.ColumnStrings("name"));
        Assert.Equal(table.Schema.Columns.Select(c => DuckDbType(c.Type)), duck.ColumnStrings("type"));
        duck.AssertSameValues(table.Schema, table.Rows, "DuckDB");

        var hyparquet = PeerTable.Read("parquet-hyparquet.mjs", file);
        Assert.Equal(table.Schema.Columns.Select(c => c.Name), hyparquet.ColumnStrings("name"));
        Assert.Equal(table.Schema.Columns.Select(c => nullable ? "OPTIONAL" : "REQUIRED"), hyparquet.ColumnStrings("repetition"));
        Assert.Equal(table.Schema.Columns.Select(c => HyparquetLogical(c.Type)), hyparquet.ColumnStrings("logical"));
        hyparquet.AssertSameValues(table.Schema, table.Rows, "hyparquet");
    }

    [Theory]
    [InlineData(ParquetCompression.Snappy, true)]
    [InlineData(ParquetCompression.Gzip, false)]
    public void Arrow_rs_reads_our_files_with_identical_values_and_types(ParquetCompression compression, bool nullable)
    {
        using var folder = new TempFolder();
        var table = GeneratedTables.Rows(nullable, 1500, seed: 5);
        var ours = folder.File("ours.parquet");
        var rewritten = folder.File("arrow.parquet");
        File.WriteAllBytes(ours, table.ToParquet(new ParquetWriterOptions { Compression = compression, RowGroupTargetBytes = 200 << 10 }));

        // arrow-rs decodes our file into Arrow arrays and writes them back with its own writer: the Arrow types it
        // inferred become that file's schema, and every value passed through arrow-rs's decoder.
        NodePeer.Run("parquet-wasm.mjs", ["rewrite", ours, rewritten, "UNCOMPRESSED", "false", "V1", "100000"]);
        using var reader = ParquetReader.Open(rewritten);
        Assert.Equal("parquet-wasm (arrow-rs)", reader.CreatedBy);
        table.AssertEqualTo(reader);
    }

    public static TheoryData<string, string> DuckDbSettings() => new()
    {
        { "snappy", "v1" },
        { "gzip", "v1" },
        { "uncompressed", "v1" },
        { "snappy", "v2" },
        { "gzip", "v2" },
    };

    [Theory]
    [MemberData(nameof(DuckDbSettings))]
    public void We_read_DuckDB_files_with_identical_values(string codec, string version)
    {
        using var folder = new TempFolder();
        var file = folder.File("duck.parquet");
        NodePeer.Run("parquet-duckdb.mjs", ["write", file, codec, "5000", "2048", version]);
        AssertSameAsDuckDb(file, file, "DuckDB " + codec + " " + version);
    }

    public static TheoryData<string, bool, string> ArrowSettings() => new()
    {
        { "SNAPPY", true, "V1" },
        { "SNAPPY", false, "V2" },
        { "GZIP", true, "V2" },
        { "UNCOMPRESSED", false, "V1" },
    };

    [Theory]
    [MemberData(nameof(ArrowSettings))]
    public void We_read_arrow_rs_files_with_identical_values(string codec, bool dictionary, string version)
    {
        using var folder = new TempFolder();
        var source = folder.File("duck.parquet");
        var file = folder.File("arrow.parquet");
        NodePeer.Run("parquet-duckdb.mjs", ["write", source, "uncompressed", "5000", "5000", "v1"]);
        NodePeer.Run("parquet-wasm.mjs", ["rewrite", source, file, codec, dictionary ? "true" : "false", version, "1800"]);
        AssertSameAsDuckDb(source, file, $"arrow-rs {codec} dictionary={dictionary} {version}");
    }

    private static void AssertSameAsDuckDb(string duckDbReads, string weRead, string what)
    {
        var expected = PeerTable.Read("parquet-duckdb.mjs", duckDbReads);
        using var reader = ParquetReader.Open(weRead);
        Assert.Equal(DuckDbGenerated.Select(c => (c.Name, c.Type)), reader.Schema.Columns.Select(c => (c.Name, c.Type)));
        Assert.True(reader.RowGroupCount > 1, $"{what}: expected several row groups");
        var r = 0;
        foreach (var group in reader.ReadRowGroups())
        {
            for (var i = 0; i < group.RowCount; i++, r++)
            {
                for (var c = 0; c < group.Columns.Count; c++)
                {
                    var column = group.Columns[c];
                    PeerTable.AssertValue(column.Column, column.GetValue(i), expected.Rows[r][c], $"{what}: row {r}, column {column.Column.Name}");
                }
            }
        }

        Assert.Equal(expected.Rows.Count, r);
    }

    private static string DuckDbType(ParquetColumnType type) => type switch
    {
        ParquetColumnType.String => "VARCHAR",
        ParquetColumnType.Binary => "BLOB",
        ParquetColumnType.Int32 => "INTEGER",
        ParquetColumnType.Int64 => "BIGINT",
        ParquetColumnType.Float => "FLOAT",
        ParquetColumnType.Double => "DOUBLE",
        ParquetColumnType.Boolean => "BOOLEAN",
        ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros => "TIMESTAMP WITH TIME ZONE",
        ParquetColumnType.Int32List => "INTEGER[]",
        _ => "BIGINT[]",
    };

    private static string HyparquetLogical(ParquetColumnType type) => type switch
    {
        ParquetColumnType.String => "STRING",
        ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros => "TIMESTAMP",
        ParquetColumnType.Int32List or ParquetColumnType.Int64List => "LIST",
        _ => "",
    };
}

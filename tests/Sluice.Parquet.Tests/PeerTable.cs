using System.Globalization;
using System.Text.Json;
using Sluice.Testing;

namespace Sluice.Parquet.Tests;

/// <summary>A peer's reading of a Parquet file: column descriptions and every value normalised to a string (or a list of strings).</summary>
internal sealed class PeerTable
{
    private PeerTable(JsonElement columns, List<JsonElement[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public JsonElement Columns { get; }

    public List<JsonElement[]> Rows { get; }

    public static PeerTable Read(string script, string file)
    {
        var json = NodePeer.Run(script, ["read", file]);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.Clone();
        var rows = root.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToArray()).ToList();
        return new PeerTable(root.GetProperty("columns"), rows);
    }

    public IEnumerable<string> ColumnStrings(string property) => Columns.EnumerateArray().Select(c => c.GetProperty(property).ToString());

    /// <summary>Asserts that the peer's values equal ours, value by value (floats compared numerically, NaN equal to NaN).</summary>
    public void AssertSameValues(ParquetSchema schema, IReadOnlyList<object?[]> expected, string peer)
    {
        Assert.Equal(expected.Count, Rows.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            for (var c = 0; c < schema.Columns.Count; c++)
            {
                AssertValue(schema.Columns[c], expected[r][c], Rows[r][c], $"{peer}: row {r}, column {schema.Columns[c].Name}");
            }
        }
    }

    public static void AssertValue(ParquetColumn column, object? ours, JsonElement theirs, string where)
    {
        if (ours is null)
        {
            Assert.True(theirs.ValueKind == JsonValueKind.Null, $"{where}: expected null, peer has {theirs}");
            return;
        }

        Assert.True(theirs.ValueKind != JsonValueKind.Null, $"{where}: expected {ours}, peer has null");
        switch (column.Type)
        {
            case ParquetColumnType.Float:
                var f = ParseNumber(theirs.GetString()!);
                Assert.True(float.IsNaN((float)ours) ? double.IsNaN(f) : (float)f == (float)ours, $"{where}: expected {ours}, peer has {theirs}");
                break;
            case ParquetColumnType.Double:
                var d = ParseNumber(theirs.GetString()!);
                Assert.True(double.IsNaN((double)ours) ? double.IsNaN(d) : d == (double)ours, $"{where}: expected {ours}, peer has {theirs}");
                break;
            case ParquetColumnType.Int32List or ParquetColumnType.Int64List:
                var list = ours is int[] ints ? ints.Select(i => i.ToString(CultureInfo.InvariantCulture)) : ((long[])ours).Select(i => i.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(list.ToArray(), theirs.EnumerateArray().Select(e => e.GetString()).ToArray());
                break;
            default:
                Assert.True(Canonical(column, ours) == theirs.GetString(), $"{where}: expected {Canonical(column, ours)}, peer has {theirs}");
                break;
        }
    }

    private static string Canonical(ParquetColumn column, object value) => value switch
    {
        string s => s,
        byte[] bytes => Convert.ToHexStringLower(bytes),
        bool b => b ? "true" : "false",
        DateTime time => ((time.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"No canonical form for {column.Type}"),
    };

    private static double ParseNumber(string text) => text.ToLowerInvariant() switch
    {
        "nan" or "-nan" => double.NaN,
        "inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };
}

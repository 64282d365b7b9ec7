using System.Text;

namespace Sluice.Parquet;

/// <summary>
/// The decoded values of one column in one row group. Typed getters read one row without boxing; the span
/// properties expose the whole column for columnar processing. Null rows hold the type's default (0, empty) in the
/// value arrays; check <see cref="IsNull"/>.
/// </summary>
public sealed class ParquetColumnData
{
    internal ParquetColumnData(ParquetColumn column)
    {
        Column = column;
    }

    /// <summary>The column these values belong to.</summary>
    public ParquetColumn Column { get; }

    /// <summary>Rows in the row group.</summary>
    public int RowCount { get; internal set; }

    /// <summary>Count of null rows.</summary>
    public int NullCount { get; internal set; }

    /// <summary>For flat numeric columns: one value per row. For list columns: all list elements back to back.</summary>
    public ReadOnlySpan<int> Int32Values => Require(ParquetColumnType.Int32, ParquetColumnType.Int32List).Ints.AsSpan(0, Column.IsList ? ElementCount : RowCount);

    /// <inheritdoc cref="Int32Values"/>
    public ReadOnlySpan<long> Int64Values => RequireInt64(allowList: true).Longs.AsSpan(0, Column.IsList ? ElementCount : RowCount);

    /// <summary>For Float columns: one value per row.</summary>
    public ReadOnlySpan<float> FloatValues => Require(ParquetColumnType.Float).Floats.AsSpan(0, RowCount);

    /// <summary>For Double columns: one value per row.</summary>
    public ReadOnlySpan<double> DoubleValues => Require(ParquetColumnType.Double).Doubles.AsSpan(0, RowCount);

    /// <summary>For Boolean columns: one value per row.</summary>
    public ReadOnlySpan<bool> BooleanValues => Require(ParquetColumnType.Boolean).Bools.AsSpan(0, RowCount);

    /// <summary>For String and Binary columns: every row's bytes back to back (UTF-8 for strings).</summary>
    public ReadOnlySpan<byte> ByteData => RequireBytes().Bytes.AsSpan(0, Offsets[RowCount]);

    /// <summary>For String and Binary columns: row r spans <c>ByteOffsets[r]</c> to <c>ByteOffsets[r + 1]</c> of <see cref="ByteData"/>.</summary>
    public ReadOnlySpan<int> ByteOffsets => RequireBytes().Offsets.AsSpan(0, RowCount + 1);

    /// <summary>For list columns: row r's elements are <c>ListOffsets[r]</c> to <c>ListOffsets[r + 1]</c> of the value span.</summary>
    public ReadOnlySpan<int> ListOffsets => Require(ParquetColumnType.Int32List, ParquetColumnType.Int64List).ListStarts.AsSpan(0, RowCount + 1);

    internal bool[]? Present { get; set; }

    internal int[] Ints { get; set; } = [];

    internal long[] Longs { get; set; } = [];

    internal float[] Floats { get; set; } = [];

    internal double[] Doubles { get; set; } = [];

    internal bool[] Bools { get; set; } = [];

    internal byte[] Bytes { get; set; } = [];

    internal int[] Offsets { get; set; } = [0];

    internal int[] ListStarts { get; set; } = [0];

    internal int ElementCount { get; set; }

    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row)
    {
        CheckRow(row);
        return Present is { } present && !present[row];
    }

    /// <summary>A String or Binary row as bytes (empty for null).</summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        RequireBytes();
        CheckRow(row);
        return Bytes.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
    }

    /// <summary>A String row decoded from UTF-8, or null.</summary>
    public string? GetString(int row)
    {
        Require(ParquetColumnType.String);
        return IsNull(row) ? null : Encoding.UTF8.GetString(GetBytes(row));
    }

    /// <summary>An Int32 row (0 when null).</summary>
    public int GetInt32(int row)
    {
        Require(ParquetColumnType.Int32);
        CheckRow(row);
        return Ints[row];
    }

    /// <summary>An Int64 row, or a timestamp row in its raw unit (0 when null).</summary>
    public long GetInt64(int row)
    {
        RequireInt64(allowList: false);
        CheckRow(row);
        return Longs[row];
    }

    /// <summary>A Float row (0 when null).</summary>
    public float GetFloat(int row)
    {
        Require(ParquetColumnType.Float);
        CheckRow(row);
        return Floats[row];
    }

    /// <summary>A Double row (0 when null).</summary>
    public double GetDouble(int row)
    {
        Require(ParquetColumnType.Double);
        CheckRow(row);
        return Doubles[row];
    }

    /// <summary>A Boolean row (false when null).</summary>
    public bool GetBoolean(int row)
    {
        Require(ParquetColumnType.Boolean);
        CheckRow(row);
        return Bools[row];
    }

    /// <summary>A timestamp row as a UTC <see cref="DateTime"/> (the Unix epoch when null); <see cref="OverflowException"/> past DateTime's range.</summary>
    public DateTime GetTimestamp(int row)
    {
        var raw = GetInt64(row);
        var ticksPerUnit = Column.Type switch
        {
            ParquetColumnType.TimestampMillis => TimeSpan.TicksPerMillisecond,
            ParquetColumnType.TimestampMicros => 10,
            _ => throw new InvalidOperationException($"Column '{Column.Name}' is {Column.Type}, not a timestamp"),
        };
        var limit = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / ticksPerUnit;
        var lowest = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / ticksPerUnit;
        if (raw > limit || raw < lowest)
        {
            throw new OverflowException($"Column '{Column.Name}', row {row}: timestamp {raw} is outside the range of DateTime; read it with GetInt64");
        }

        return DateTime.UnixEpoch.AddTicks(raw * ticksPerUnit);
    }

    /// <summary>An Int32List row (empty when null).</summary>
    public ReadOnlySpan<int> GetInt32List(int row)
    {
        Require(ParquetColumnType.Int32List);
        CheckRow(row);
        return Ints.AsSpan(ListStarts[row], ListStarts[row + 1] - ListStarts[row]);
    }

    /// <summary>An Int64List row (empty when null).</summary>
    public ReadOnlySpan<long> GetInt64List(int row)
    {
        Require(ParquetColumnType.Int64List);
        CheckRow(row);
        return Longs.AsSpan(ListStarts[row], ListStarts[row + 1] - ListStarts[row]);
    }

    /// <summary>Any row as an object (string, byte[], int, long, float, double, bool, DateTime, int[], long[]) or null. Boxes: not for hot loops.</summary>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        return Column.Type switch
        {
            ParquetColumnType.String => GetString(row),
            ParquetColumnType.Binary => GetBytes(row).ToArray(),
            ParquetColumnType.Int32 => GetInt32(row),
            ParquetColumnType.Int64 => GetInt64(row),
            ParquetColumnType.Float => GetFloat(row),
            ParquetColumnType.Double => GetDouble(row),
            ParquetColumnType.Boolean => GetBoolean(row),
            ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros => GetTimestamp(row),
            ParquetColumnType.Int32List => GetInt32List(row).ToArray(),
            _ => GetInt64List(row).ToArray(),
        };
    }

    private ParquetColumnData Require(ParquetColumnType type, ParquetColumnType? alternative = null)
    {
        if (Column.Type != type && Column.Type != alternative)
        {
            throw WrongType(type.ToString());
        }

        return this;
    }

    private ParquetColumnData RequireInt64(bool allowList)
    {
        if (Column.Type is not (ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros)
            && !(allowList && Column.Type == ParquetColumnType.Int64List))
        {
            throw WrongType("Int64");
        }

        return this;
    }

    private ParquetColumnData RequireBytes()
    {
        if (Column.Type is not (ParquetColumnType.String or ParquetColumnType.Binary))
        {
            throw WrongType("String or Binary");
        }

        return this;
    }

    private InvalidOperationException WrongType(string wanted) =>
        new($"Column '{Column.Name}' is {Column.Type}; it cannot be read as {wanted}");

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Column '{Column.Name}' has {RowCount} rows in this row group");
        }
    }
}

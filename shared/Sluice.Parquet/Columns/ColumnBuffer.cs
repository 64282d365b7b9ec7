using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Parquet.Format;

namespace Sluice.Parquet.Columns;

/// <summary>
/// The values of one column buffered for the row group being built: definition and repetition levels (when the
/// column has them) and the non-null values in a typed array, so no value is ever boxed.
/// </summary>
internal sealed class ColumnBuffer
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public ColumnBuffer(ParquetColumn column)
    {
        Column = column;
        Physical = column.Type switch
        {
            ParquetColumnType.String or ParquetColumnType.Binary => PhysicalType.ByteArray,
            ParquetColumnType.Int32 or ParquetColumnType.Int32List => PhysicalType.Int32,
            ParquetColumnType.Int64 or ParquetColumnType.Int64List or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros => PhysicalType.Int64,
            ParquetColumnType.Float => PhysicalType.Float,
            ParquetColumnType.Double => PhysicalType.Double,
            _ => PhysicalType.Boolean,
        };
        MaxRepetition = column.IsList ? 1 : 0;
        MaxDefinition = (column.IsNullable ? 1 : 0) + MaxRepetition;
        Clear();
    }

    public ParquetColumn Column { get; }

    public PhysicalType Physical { get; }

    public int MaxDefinition { get; }

    public int MaxRepetition { get; }

    /// <summary>Rows appended since the last row group was written.</summary>
    public int Rows { get; private set; }

    public int LevelCount { get; private set; }

    public int ValueCount { get; private set; }

    public int NullCount { get; private set; }

    public byte[] Definitions { get; private set; } = [];

    public byte[] Repetitions { get; private set; } = [];

    public int[] Ints { get; private set; } = [];

    public long[] Longs { get; private set; } = [];

    public float[] Floats { get; private set; } = [];

    public double[] Doubles { get; private set; } = [];

    public bool[] Bools { get; private set; } = [];

    /// <summary>Byte-array values back to back; value i spans <c>Offsets[i]</c> to <c>Offsets[i + 1]</c>.</summary>
    public byte[] Bytes { get; private set; } = [];

    public int[] Offsets { get; private set; } = [0];

    public int ByteLength { get; private set; }

    /// <summary>About how many bytes this column's buffered values take when encoded PLAIN.</summary>
    public long EstimatedBytes => ByteLength + ((long)ValueCount * (Physical == PhysicalType.ByteArray ? 4 : ValueWidth)) + LevelCount;

    private int ValueWidth => Physical switch
    {
        PhysicalType.Int32 or PhysicalType.Float => 4,
        PhysicalType.Boolean => 1,
        _ => 8,
    };

    /// <summary>Returns the pooled byte buffer; the column takes no more values afterwards.</summary>
    public void Release()
    {
        if (Bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = [];
            ByteLength = 0;
        }
    }

    public void Clear()
    {
        Rows = 0;
        LevelCount = 0;
        ValueCount = 0;
        NullCount = 0;
        ByteLength = 0;
    }

    public void AppendNull()
    {
        if (!Column.IsNullable)
        {
            throw new InvalidOperationException($"Column '{Column.Name}' is required and cannot hold a null");
        }

        AddLevels(0, 0);
        NullCount++;
        Rows++;
    }

    public void AppendString(string value)
    {
        Expect(ParquetColumnType.String);
        EnsureBytes(checked(value.Length * 3));
        int written;
        try
        {
            written = StrictUtf8.GetBytes(value, Bytes.AsSpan(ByteLength));
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"Column '{Column.Name}': the string is not valid UTF-16 (a lone surrogate at index {e.Index}), so it has no UTF-8 form", nameof(value), e);
        }

        AddDefinedLevel();
        ByteLength += written;
        EndByteArray();
    }

    public void AppendBytes(ReadOnlySpan<byte> value, bool utf8)
    {
        if (utf8)
        {
            Expect(ParquetColumnType.String);
        }
        else if (Column.Type != ParquetColumnType.Binary && Column.Type != ParquetColumnType.String)
        {
            throw WrongType("bytes");
        }

        AddDefinedLevel();
        EnsureBytes(value.Length);
        value.CopyTo(Bytes.AsSpan(ByteLength));
        ByteLength += value.Length;
        EndByteArray();
    }

    public void AppendInt32(int value)
    {
        Expect(ParquetColumnType.Int32);
        AddDefinedLevel();
        EnsureValues(ValueCount + 1);
        Ints[ValueCount++] = value;
        Rows++;
    }

    public void AppendInt64(long value)
    {
        if (Column.Type is not (ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros))
        {
            throw WrongType("an Int64");
        }

        AddDefinedLevel();
        EnsureValues(ValueCount + 1);
        Longs[ValueCount++] = value;
        Rows++;
    }

    public void AppendFloat(float value)
    {
        Expect(ParquetColumnType.Float);
        AddDefinedLevel();
        EnsureValues(ValueCount + 1);
        Floats[ValueCount++] = value;
        Rows++;
    }

    public void AppendDouble(double value)
    {
        Expect(ParquetColumnType.Double);
        AddDefinedLevel();
        EnsureValues(ValueCount + 1);
        Doubles[ValueCount++] = value;
        Rows++;
    }

    public void AppendBoolean(bool value)
    {
        Expect(ParquetColumnType.Boolean);
        AddDefinedLevel();
        EnsureValues(ValueCount + 1);
        Bools[ValueCount++] = value;
        Rows++;
    }

    public void AppendInt32List(ReadOnlySpan<int> values)
    {
        Expect(ParquetColumnType.Int32List);
        AddListLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Ints.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows++;
    }

    public void AppendInt64List(ReadOnlySpan<long> values)
    {
        Expect(ParquetColumnType.Int64List);
        AddListLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Longs.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows++;
    }

    /// <summary>Appends many required-or-present values at once (the columnar path).</summary>
    public void AppendInt32Range(ReadOnlySpan<int> values)
    {
        Expect(ParquetColumnType.Int32);
        AddDefinedLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Ints.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows += values.Length;
    }

    public void AppendInt64Range(ReadOnlySpan<long> values)
    {
        if (Column.Type is not (ParquetColumnType.Int64 or ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros))
        {
            throw WrongType("Int64 values");
        }

        AddDefinedLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Longs.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows += values.Length;
    }

    public void AppendFloatRange(ReadOnlySpan<float> values)
    {
        Expect(ParquetColumnType.Float);
        AddDefinedLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Floats.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows += values.Length;
    }

    public void AppendDoubleRange(ReadOnlySpan<double> values)
    {
        Expect(ParquetColumnType.Double);
        AddDefinedLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Doubles.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows += values.Length;
    }

    public void AppendBooleanRange(ReadOnlySpan<bool> values)
    {
        Expect(ParquetColumnType.Boolean);
        AddDefinedLevels(values.Length);
        EnsureValues(ValueCount + values.Length);
        values.CopyTo(Bools.AsSpan(ValueCount));
        ValueCount += values.Length;
        Rows += values.Length;
    }

    private InvalidOperationException WrongType(string what) =>
        new($"Column '{Column.Name}' is {Column.Type}; it cannot take {what}");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Expect(ParquetColumnType type)
    {
        if (Column.Type != type)
        {
            throw WrongType($"a {type} value");
        }
    }

    private void EndByteArray()
    {
        if (ValueCount + 2 > Offsets.Length)
        {
            var offsets = Offsets;
            Array.Resize(ref offsets, Math.Max(16, Offsets.Length * 2));
            Offsets = offsets;
        }

        Offsets[++ValueCount] = ByteLength;
        Rows++;
    }

    private void EnsureBytes(int extra)
    {
        if (Bytes.Length - ByteLength < extra)
        {
            var needed = (long)ByteLength + extra;
            if (needed > Array.MaxLength)
            {
                throw new InvalidOperationException($"Column '{Column.Name}' holds more than {Array.MaxLength} bytes in one row group; lower RowGroupTargetBytes");
            }

            // Pooled: a shard writer is typically followed by another with the same shape, which reuses these buffers.
            var bytes = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(1 << 16, (long)Bytes.Length * 2))));
            Bytes.AsSpan(0, ByteLength).CopyTo(bytes);
            if (Bytes.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Bytes);
            }

            Bytes = bytes;
        }
    }

    private void EnsureValues(int count)
    {
        var capacity = Physical switch
        {
            PhysicalType.Int32 => Ints.Length,
            PhysicalType.Int64 => Longs.Length,
            PhysicalType.Float => Floats.Length,
            PhysicalType.Double => Doubles.Length,
            _ => Bools.Length,
        };
        if (count <= capacity)
        {
            return;
        }

        var size = Math.Max(count, Math.Max(1024, capacity * 2));
        switch (Physical)
        {
            case PhysicalType.Int32: Ints = Resized(Ints, size); break;
            case PhysicalType.Int64: Longs = Resized(Longs, size); break;
            case PhysicalType.Float: Floats = Resized(Floats, size); break;
            case PhysicalType.Double: Doubles = Resized(Doubles, size); break;
            default: Bools = Resized(Bools, size); break;
        }
    }

    private static T[] Resized<T>(T[] array, int size)
    {
        Array.Resize(ref array, size);
        return array;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddDefinedLevel()
    {
        if (MaxDefinition > 0)
        {
            AddLevels((byte)MaxDefinition, 0);
        }
    }

    private void AddDefinedLevels(int count)
    {
        if (MaxDefinition == 0)
        {
            return;
        }

        EnsureLevels(LevelCount + count);
        Definitions.AsSpan(LevelCount, count).Fill((byte)MaxDefinition);
        LevelCount += count;
    }

    private void AddListLevels(int count)
    {
        if (count == 0)
        {
            // An empty list: defined up to the list itself, no element.
            AddLevels((byte)(MaxDefinition - 1), 0);
            return;
        }

        EnsureLevels(LevelCount + count);
        Definitions.AsSpan(LevelCount, count).Fill((byte)MaxDefinition);
        Repetitions[LevelCount] = 0;
        Repetitions.AsSpan(LevelCount + 1, count - 1).Fill(1);
        LevelCount += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddLevels(byte definition, byte repetition)
    {
        EnsureLevels(LevelCount + 1);
        Definitions[LevelCount] = definition;
        if (MaxRepetition > 0)
        {
            Repetitions[LevelCount] = repetition;
        }

        LevelCount++;
    }

    private void EnsureLevels(int count)
    {
        if (count <= Definitions.Length)
        {
            return;
        }

        var size = Math.Max(count, Math.Max(1024, Definitions.Length * 2));
        Definitions = Resized(Definitions, size);
        if (MaxRepetition > 0)
        {
            Repetitions = Resized(Repetitions, size);
        }
    }
}

using System.Buffers.Binary;
using Sluice.Parquet.Format;

namespace Sluice.Parquet.Columns;

/// <summary>Computes a column chunk's statistics in the encodings parquet-format specifies (little-endian numbers, raw bytes).</summary>
internal static class ChunkStatistics
{
    public static ColumnStatistics Compute(ColumnBuffer buffer, ByteArrayDictionary? dictionary, int maxValueBytes)
    {
        var statistics = new ColumnStatistics
        {
            NullCount = buffer.MaxDefinition > 0 ? buffer.LevelCount - buffer.ValueCount : 0,
        };
        var n = buffer.ValueCount;
        if (n == 0)
        {
            return statistics;
        }

        switch (buffer.Physical)
        {
            case PhysicalType.Int32:
                {
                    var span = buffer.Ints.AsSpan(0, n);
                    var (min, max) = (int.MaxValue, int.MinValue);
                    foreach (var v in span)
                    {
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }

                    statistics.MinValue = new byte[4];
                    statistics.MaxValue = new byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(statistics.MinValue, min);
                    BinaryPrimitives.WriteInt32LittleEndian(statistics.MaxValue, max);
                    break;
                }

            case PhysicalType.Int64:
                {
                    var span = buffer.Longs.AsSpan(0, n);
                    var (min, max) = (long.MaxValue, long.MinValue);
                    foreach (var v in span)
                    {
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }

                    statistics.MinValue = new byte[8];
                    statistics.MaxValue = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(statistics.MinValue, min);
                    BinaryPrimitives.WriteInt64LittleEndian(statistics.MaxValue, max);
                    break;
                }

            case PhysicalType.Float:
                {
                    var (min, max, any) = (float.PositiveInfinity, float.NegativeInfinity, false);
                    foreach (var v in buffer.Floats.AsSpan(0, n))
                    {
                        if (float.IsNaN(v))
                        {
                            continue;
                        }

                        any = true;
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }

                    if (any)
                    {
                        // parquet-format: a zero minimum is written as -0.0 and a zero maximum as +0.0.
                        min = min == 0 ? -0.0f : min;
                        max = max == 0 ? 0.0f : max;
                        statistics.MinValue = new byte[4];
                        statistics.MaxValue = new byte[4];
                        BinaryPrimitives.WriteSingleLittleEndian(statistics.MinValue, min);
                        BinaryPrimitives.WriteSingleLittleEndian(statistics.MaxValue, max);
                    }

                    break;
                }

            case PhysicalType.Double:
                {
                    var (min, max, any) = (double.PositiveInfinity, double.NegativeInfinity, false);
                    foreach (var v in buffer.Doubles.AsSpan(0, n))
                    {
                        if (double.IsNaN(v))
                        {
                            continue;
                        }

                        any = true;
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }

                    if (any)
                    {
                        min = min == 0 ? -0.0 : min;
                        max = max == 0 ? 0.0 : max;
                        statistics.MinValue = new byte[8];
                        statistics.MaxValue = new byte[8];
                        BinaryPrimitives.WriteDoubleLittleEndian(statistics.MinValue, min);
                        BinaryPrimitives.WriteDoubleLittleEndian(statistics.MaxValue, max);
                    }

                    break;
                }

            case PhysicalType.Boolean:
                {
                    var span = buffer.Bools.AsSpan(0, n);
                    var anyTrue = span.Contains(true);
                    var anyFalse = span.Contains(false);
                    statistics.MinValue = [(byte)(anyFalse ? 0 : 1)];
                    statistics.MaxValue = [(byte)(anyTrue ? 1 : 0)];
                    break;
                }

            default:
                ComputeByteArray(buffer, dictionary, maxValueBytes, statistics);
                break;
        }

        return statistics;
    }

    private static void ComputeByteArray(ColumnBuffer buffer, ByteArrayDictionary? dictionary, int maxValueBytes, ColumnStatistics statistics)
    {
        var bytes = buffer.Bytes;
        var offsets = buffer.Offsets;
        var count = dictionary?.Count ?? buffer.ValueCount;
        var (minIndex, maxIndex) = (-1, -1);
        for (var k = 0; k < count; k++)
        {
            var i = dictionary is null ? k : dictionary.Entries[k];
            var value = bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);
            if (minIndex < 0 || value.SequenceCompareTo(Value(minIndex)) < 0)
            {
                minIndex = i;
            }

            if (maxIndex < 0 || value.SequenceCompareTo(Value(maxIndex)) > 0)
            {
                maxIndex = i;
            }
        }

        var min = Value(minIndex);
        var max = Value(maxIndex);
        if (min.Length <= maxValueBytes && max.Length <= maxValueBytes)
        {
            statistics.MinValue = min.ToArray();
            statistics.MaxValue = max.ToArray();
        }

        ReadOnlySpan<byte> Value(int i) => bytes.AsSpan(offsets[i], offsets[i + 1] - offsets[i]);
    }
}

using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Format;

/// <summary>parquet.thrift <c>Statistics</c> of a column chunk: the modern min_value/max_value and the null count.</summary>
internal sealed class ColumnStatistics
{
    public byte[]? MinValue { get; set; }

    public byte[]? MaxValue { get; set; }

    public long? NullCount { get; set; }

    public static ColumnStatistics Read(CompactReader reader)
    {
        var statistics = new ColumnStatistics();
        byte[]? legacyMin = null, legacyMax = null;
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: legacyMax = reader.ReadBinary(type).ToArray(); break;
                case 2: legacyMin = reader.ReadBinary(type).ToArray(); break;
                case 3: statistics.NullCount = reader.ReadI64(type); break;
                case 5: statistics.MaxValue = reader.ReadBinary(type).ToArray(); break;
                case 6: statistics.MinValue = reader.ReadBinary(type).ToArray(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        statistics.MinValue ??= legacyMin;
        statistics.MaxValue ??= legacyMax;
        return statistics;
    }

    public void Write(CompactWriter writer)
    {
        if (NullCount is { } nulls)
        {
            writer.I64Field(3, nulls);
        }

        if (MaxValue is not null)
        {
            writer.BinaryField(5, MaxValue);
        }

        if (MinValue is not null)
        {
            writer.BinaryField(6, MinValue);
        }
    }
}

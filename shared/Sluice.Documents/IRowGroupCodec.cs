using Sluice.Parquet;

namespace Sluice.Documents;

/// <summary>How one kind of row (documents, rejected records) is laid out in Parquet columns.</summary>
internal interface IRowGroupCodec<TRow>
{
    /// <summary>The shard schema.</summary>
    ParquetSchema Schema { get; }

    /// <summary>Writes one row (one value per column, then <see cref="ParquetWriter.EndRow"/>) and returns its text bytes and its approximate encoded bytes.</summary>
    (long TextBytes, long EncodedBytes) WriteRow(ParquetWriter writer, TRow row);
}

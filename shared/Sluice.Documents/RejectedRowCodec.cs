using System.Text;
using Sluice.Parquet;

namespace Sluice.Documents;

/// <summary>Writes <see cref="RejectedRecord"/> rows in the <see cref="DocumentSchema.Rejected"/> layout.</summary>
internal sealed class RejectedRowCodec : IRowGroupCodec<RejectedRecord>
{
    public ParquetSchema Schema => DocumentSchema.Rejected;

    public (long TextBytes, long EncodedBytes) WriteRow(ParquetWriter writer, RejectedRecord row)
    {
        writer.WriteString(0, row.Id);
        writer.WriteString(1, row.Stage);
        writer.WriteString(2, row.Reason);
        writer.WriteString(3, row.Detail);
        writer.WriteString(4, row.Source);
        writer.WriteString(5, row.Locator);
        writer.WriteString(6, row.Text);
        writer.WriteString(7, row.Metadata);
        writer.WriteString(8, row.ContentHash);
        writer.WriteInt64(9, row.ByteCount);
        writer.EndRow();
        var text = row.Text is null ? 0 : Encoding.UTF8.GetByteCount(row.Text);
        return (text, text + row.Id.Length + row.Detail.Length + row.Source.Length + row.Locator.Length + row.Metadata.Length + 120);
    }
}

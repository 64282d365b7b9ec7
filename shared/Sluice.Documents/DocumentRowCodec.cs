using System.Text;
using Sluice.Parquet;

namespace Sluice.Documents;

/// <summary>Writes <see cref="Document"/> rows in the <see cref="DocumentSchema.Documents"/> layout.</summary>
internal sealed class DocumentRowCodec : IRowGroupCodec<Document>
{
    public ParquetSchema Schema => DocumentSchema.Documents;

    public (long TextBytes, long EncodedBytes) WriteRow(ParquetWriter writer, Document row)
    {
        writer.WriteString(0, row.Id);
        writer.WriteString(1, row.Text);
        writer.WriteString(2, row.Source);
        writer.WriteString(3, row.Metadata);
        writer.WriteString(4, row.ContentHash);
        writer.EndRow();
        var text = Encoding.UTF8.GetByteCount(row.Text);
        return (text, text + row.Id.Length + row.Source.Length + row.Metadata.Length + row.ContentHash.Length + 20);
    }
}

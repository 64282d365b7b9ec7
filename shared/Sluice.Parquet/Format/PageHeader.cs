using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Format;

/// <summary>parquet.thrift <c>PageHeader</c> with the data (v1 and v2) and dictionary page headers folded in.</summary>
internal sealed class PageHeader
{
    public PageType Type { get; set; }

    public int UncompressedPageSize { get; set; }

    public int CompressedPageSize { get; set; }

    public int NumValues { get; set; }

    public PageEncoding Encoding { get; set; }

    public int NumNulls { get; set; }

    public int NumRows { get; set; }

    public int DefinitionLevelsByteLength { get; set; }

    public int RepetitionLevelsByteLength { get; set; }

    public bool IsCompressed { get; set; } = true;

    public bool HasTypeHeader { get; private set; }

    public static PageHeader Read(CompactReader reader)
    {
        var header = new PageHeader();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: header.Type = (PageType)reader.ReadI32(type); break;
                case 2: header.UncompressedPageSize = reader.ReadI32(type); break;
                case 3: header.CompressedPageSize = reader.ReadI32(type); break;
                case 5 or 7 or 8 when type == CompactType.Struct:
                    header.HasTypeHeader = true;
                    header.ReadTypeHeader(reader, id);
                    break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        return header;
    }

    public void WriteDataPageV1(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I32Field(1, (int)PageType.DataPage);
        writer.I32Field(2, UncompressedPageSize);
        writer.I32Field(3, CompressedPageSize);
        writer.StructField(5);
        writer.I32Field(1, NumValues);
        writer.I32Field(2, (int)Encoding);
        writer.I32Field(3, (int)PageEncoding.Rle);
        writer.I32Field(4, (int)PageEncoding.Rle);
        writer.EndStruct();
        writer.EndStruct();
    }

    public void WriteDictionaryPage(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I32Field(1, (int)PageType.DictionaryPage);
        writer.I32Field(2, UncompressedPageSize);
        writer.I32Field(3, CompressedPageSize);
        writer.StructField(7);
        writer.I32Field(1, NumValues);
        writer.I32Field(2, (int)PageEncoding.Plain);
        writer.EndStruct();
        writer.EndStruct();
    }

    private void ReadTypeHeader(CompactReader reader, short which)
    {
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (which, id)
            {
                case (_, 1): NumValues = reader.ReadI32(type); break;
                case (5, 2) or (7, 2): Encoding = (PageEncoding)reader.ReadI32(type); break;
                case (8, 2): NumNulls = reader.ReadI32(type); break;
                case (8, 3): NumRows = reader.ReadI32(type); break;
                case (8, 4): Encoding = (PageEncoding)reader.ReadI32(type); break;
                case (8, 5): DefinitionLevelsByteLength = reader.ReadI32(type); break;
                case (8, 6): RepetitionLevelsByteLength = reader.ReadI32(type); break;
                case (8, 7): IsCompressed = reader.ReadBool(type); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
    }
}

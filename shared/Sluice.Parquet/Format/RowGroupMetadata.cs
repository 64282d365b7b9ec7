using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Format;

/// <summary>parquet.thrift <c>RowGroup</c>.</summary>
internal sealed class RowGroupMetadata
{
    public List<ColumnChunkMetadata> Columns { get; } = [];

    public long TotalByteSize { get; set; }

    public long NumRows { get; set; }

    public long? FileOffset { get; set; }

    public long? TotalCompressedSize { get; set; }

    public static RowGroupMetadata Read(CompactReader reader)
    {
        var group = new RowGroupMetadata();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1:
                    var count = reader.ReadListHeader(type, out var elementType);
                    for (var i = 0; i < count; i++)
                    {
                        if (elementType != CompactType.Struct)
                        {
                            throw new InvalidDataException("row group columns are not structs");
                        }

                        group.Columns.Add(ColumnChunkMetadata.Read(reader));
                    }

                    break;
                case 2: group.TotalByteSize = reader.ReadI64(type); break;
                case 3: group.NumRows = reader.ReadI64(type); break;
                case 5: group.FileOffset = reader.ReadI64(type); break;
                case 6: group.TotalCompressedSize = reader.ReadI64(type); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        return group;
    }

    public void Write(CompactWriter writer, short ordinal)
    {
        writer.BeginStruct();
        writer.ListField(1, CompactType.Struct, Columns.Count);
        foreach (var column in Columns)
        {
            column.Write(writer);
        }

        writer.I64Field(2, TotalByteSize);
        writer.I64Field(3, NumRows);
        if (FileOffset is { } offset)
        {
            writer.I64Field(5, offset);
        }

        if (TotalCompressedSize is { } compressed)
        {
            writer.I64Field(6, compressed);
        }

        writer.FieldHeader(7, CompactType.I16);
        writer.I32(ordinal);
        writer.EndStruct();
    }
}

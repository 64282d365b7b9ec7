using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Format;

/// <summary>parquet.thrift <c>ColumnChunk</c> with its <c>ColumnMetaData</c> folded in (Sluice never uses external column files).</summary>
internal sealed class ColumnChunkMetadata
{
    public PhysicalType Type { get; set; }

    public List<PageEncoding> Encodings { get; set; } = [];

    public List<string> PathInSchema { get; set; } = [];

    public CompressionCodec Codec { get; set; }

    public long NumValues { get; set; }

    public long TotalUncompressedSize { get; set; }

    public long TotalCompressedSize { get; set; }

    public long DataPageOffset { get; set; }

    public long? DictionaryPageOffset { get; set; }

    public ColumnStatistics? Statistics { get; set; }

    public bool HasMetadata { get; private set; }

    public string? FilePath { get; private set; }

    public static ColumnChunkMetadata Read(CompactReader reader)
    {
        var chunk = new ColumnChunkMetadata();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: chunk.FilePath = reader.ReadString(type); break;
                case 3 when type == CompactType.Struct:
                    chunk.HasMetadata = true;
                    chunk.ReadColumnMetaData(reader);
                    break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        return chunk;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I64Field(2, DictionaryPageOffset ?? DataPageOffset);
        writer.StructField(3);
        writer.I32Field(1, (int)Type);
        writer.ListField(2, CompactType.I32, Encodings.Count);
        foreach (var encoding in Encodings)
        {
            writer.I32((int)encoding);
        }

        writer.ListField(3, CompactType.Binary, PathInSchema.Count);
        foreach (var part in PathInSchema)
        {
            writer.String(part);
        }

        writer.I32Field(4, (int)Codec);
        writer.I64Field(5, NumValues);
        writer.I64Field(6, TotalUncompressedSize);
        writer.I64Field(7, TotalCompressedSize);
        writer.I64Field(9, DataPageOffset);
        if (DictionaryPageOffset is { } dictionaryOffset)
        {
            writer.I64Field(11, dictionaryOffset);
        }

        if (Statistics is not null)
        {
            writer.StructField(12);
            Statistics.Write(writer);
            writer.EndStruct();
        }

        writer.EndStruct();
        writer.EndStruct();
    }

    private void ReadColumnMetaData(CompactReader reader)
    {
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: Type = (PhysicalType)reader.ReadI32(type); break;
                case 2:
                    var encodings = reader.ReadListHeader(type, out var encodingType);
                    for (var i = 0; i < encodings; i++)
                    {
                        Encodings.Add((PageEncoding)reader.ReadI32(encodingType));
                    }

                    break;
                case 3:
                    var parts = reader.ReadListHeader(type, out var partType);
                    for (var i = 0; i < parts; i++)
                    {
                        PathInSchema.Add(reader.ReadString(partType));
                    }

                    break;
                case 4: Codec = (CompressionCodec)reader.ReadI32(type); break;
                case 5: NumValues = reader.ReadI64(type); break;
                case 6: TotalUncompressedSize = reader.ReadI64(type); break;
                case 7: TotalCompressedSize = reader.ReadI64(type); break;
                case 9: DataPageOffset = reader.ReadI64(type); break;
                case 11: DictionaryPageOffset = reader.ReadI64(type); break;
                case 12 when type == CompactType.Struct: Statistics = ColumnStatistics.Read(reader); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
    }
}

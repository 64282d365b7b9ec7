using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Format;

/// <summary>parquet.thrift <c>FileMetaData</c>: the footer.</summary>
internal sealed class FileMetadata
{
    public int Version { get; set; } = 1;

    public List<SchemaElement> Schema { get; } = [];

    public long NumRows { get; set; }

    public List<RowGroupMetadata> RowGroups { get; } = [];

    public List<KeyValuePair<string, string>> KeyValues { get; } = [];

    public string? CreatedBy { get; set; }

    public static FileMetadata Read(CompactReader reader)
    {
        var metadata = new FileMetadata();
        var sawSchema = false;
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: metadata.Version = reader.ReadI32(type); break;
                case 2:
                    sawSchema = true;
                    var elements = reader.ReadListHeader(type, out var elementType);
                    RequireStructs(elementType, "schema");
                    for (var i = 0; i < elements; i++)
                    {
                        metadata.Schema.Add(SchemaElement.Read(reader));
                    }

                    break;
                case 3: metadata.NumRows = reader.ReadI64(type); break;
                case 4:
                    var groups = reader.ReadListHeader(type, out var groupType);
                    RequireStructs(groupType, "row_groups");
                    for (var i = 0; i < groups; i++)
                    {
                        metadata.RowGroups.Add(RowGroupMetadata.Read(reader));
                    }

                    break;
                case 5:
                    var pairs = reader.ReadListHeader(type, out var pairType);
                    RequireStructs(pairType, "key_value_metadata");
                    for (var i = 0; i < pairs; i++)
                    {
                        metadata.KeyValues.Add(ReadKeyValue(reader));
                    }

                    break;
                case 6: metadata.CreatedBy = reader.ReadString(type); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        if (!sawSchema || metadata.Schema.Count == 0)
        {
            throw new InvalidDataException("the footer has no schema");
        }

        return metadata;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I32Field(1, Version);
        writer.ListField(2, CompactType.Struct, Schema.Count);
        foreach (var element in Schema)
        {
            element.Write(writer);
        }

        writer.I64Field(3, NumRows);
        writer.ListField(4, CompactType.Struct, RowGroups.Count);
        for (var i = 0; i < RowGroups.Count; i++)
        {
            RowGroups[i].Write(writer, (short)Math.Min(i, short.MaxValue));
        }

        if (KeyValues.Count > 0)
        {
            writer.ListField(5, CompactType.Struct, KeyValues.Count);
            foreach (var (key, value) in KeyValues)
            {
                writer.BeginStruct();
                writer.StringField(1, key);
                writer.StringField(2, value);
                writer.EndStruct();
            }
        }

        if (CreatedBy is not null)
        {
            writer.StringField(6, CreatedBy);
        }

        // column_orders: TYPE_DEFINED_ORDER for every leaf, so readers trust min_value/max_value of strings.
        var leaves = Schema.Count(e => e.NumChildren == 0 && e.Type is not null);
        writer.ListField(7, CompactType.Struct, leaves);
        for (var i = 0; i < leaves; i++)
        {
            writer.BeginStruct();
            writer.StructField(1);
            writer.EndStruct();
            writer.EndStruct();
        }

        writer.EndStruct();
    }

    private static void RequireStructs(CompactType elementType, string field)
    {
        if (elementType != CompactType.Struct)
        {
            throw new InvalidDataException($"the footer's {field} list does not hold structs");
        }
    }

    private static KeyValuePair<string, string> ReadKeyValue(CompactReader reader)
    {
        string key = "", value = "";
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: key = reader.ReadString(type); break;
                case 2: value = reader.ReadString(type); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        return new KeyValuePair<string, string>(key, value);
    }
}

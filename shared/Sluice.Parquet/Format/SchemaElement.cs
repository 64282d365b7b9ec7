using Sluice.Parquet.Thrift;

namespace Sluice.Parquet.Format;

/// <summary>One node of the flattened schema tree in the footer (parquet.thrift <c>SchemaElement</c>).</summary>
internal sealed class SchemaElement
{
    public PhysicalType? Type { get; set; }

    public Repetition? Repetition { get; set; }

    public string Name { get; set; } = "";

    public int NumChildren { get; set; }

    public ConvertedType? ConvertedType { get; set; }

    public LogicalKind Logical { get; set; }

    public TimeUnit LogicalTimeUnit { get; set; }

    public bool LogicalUtc { get; set; }

    public static SchemaElement Read(CompactReader reader)
    {
        var element = new SchemaElement();
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: element.Type = (PhysicalType)reader.ReadI32(type); break;
                case 3: element.Repetition = (Repetition)reader.ReadI32(type); break;
                case 4: element.Name = reader.ReadString(type); break;
                case 5: element.NumChildren = reader.ReadI32(type); break;
                case 6: element.ConvertedType = (ConvertedType)reader.ReadI32(type); break;
                case 10 when type == CompactType.Struct: ReadLogicalType(reader, element); break;
                default: reader.Skip(type); break;
            }
        }

        reader.EndStruct();
        return element;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        if (Type is { } physical)
        {
            writer.I32Field(1, (int)physical);
        }

        if (Repetition is { } repetition)
        {
            writer.I32Field(3, (int)repetition);
        }

        writer.StringField(4, Name);
        if (NumChildren > 0)
        {
            writer.I32Field(5, NumChildren);
        }

        if (ConvertedType is { } converted)
        {
            writer.I32Field(6, (int)converted);
        }

        if (Logical != LogicalKind.None)
        {
            writer.StructField(10);
            writer.StructField((short)Logical);
            if (Logical == LogicalKind.Timestamp)
            {
                writer.BoolField(1, LogicalUtc);
                writer.StructField(2);
                writer.StructField((short)LogicalTimeUnit);
                writer.EndStruct();
                writer.EndStruct();
            }

            writer.EndStruct();
            writer.EndStruct();
        }

        writer.EndStruct();
    }

    private static void ReadLogicalType(CompactReader reader, SchemaElement element)
    {
        reader.BeginStruct();
        while (reader.NextField(out var id, out var type))
        {
            if (type != CompactType.Struct)
            {
                reader.Skip(type);
                continue;
            }

            element.Logical = Enum.IsDefined((LogicalKind)id) ? (LogicalKind)id : LogicalKind.Unknown;
            if (id != (short)LogicalKind.Timestamp)
            {
                reader.Skip(type);
                continue;
            }

            reader.BeginStruct();
            while (reader.NextField(out var fieldId, out var fieldType))
            {
                if (fieldId == 1)
                {
                    element.LogicalUtc = reader.ReadBool(fieldType);
                }
                else if (fieldId == 2 && fieldType == CompactType.Struct)
                {
                    reader.BeginStruct();
                    while (reader.NextField(out var unitId, out var unitType))
                    {
                        element.LogicalTimeUnit = unitId is >= 1 and <= 3 ? (TimeUnit)unitId : TimeUnit.None;
                        reader.Skip(unitType);
                    }

                    reader.EndStruct();
                }
                else
                {
                    reader.Skip(fieldType);
                }
            }

            reader.EndStruct();
        }

        reader.EndStruct();
    }
}

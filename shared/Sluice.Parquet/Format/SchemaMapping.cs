namespace Sluice.Parquet.Format;

/// <summary>Maps Sluice column types to footer schema elements and back.</summary>
internal static class SchemaMapping
{
    public static List<SchemaElement> ToElements(ParquetSchema schema)
    {
        var elements = new List<SchemaElement> { new() { Name = "schema", NumChildren = schema.Columns.Count } };
        foreach (var column in schema.Columns)
        {
            var repetition = column.IsNullable ? Repetition.Optional : Repetition.Required;
            if (column.IsList)
            {
                elements.Add(new SchemaElement { Name = column.Name, Repetition = repetition, NumChildren = 1, ConvertedType = ConvertedType.List, Logical = LogicalKind.List });
                elements.Add(new SchemaElement { Name = "list", Repetition = Repetition.Repeated, NumChildren = 1 });
                elements.Add(new SchemaElement
                {
                    Name = "element",
                    Repetition = Repetition.Required,
                    Type = column.Type == ParquetColumnType.Int32List ? PhysicalType.Int32 : PhysicalType.Int64,
                });
                continue;
            }

            var element = new SchemaElement { Name = column.Name, Repetition = repetition };
            switch (column.Type)
            {
                case ParquetColumnType.String:
                    element.Type = PhysicalType.ByteArray;
                    element.ConvertedType = ConvertedType.Utf8;
                    element.Logical = LogicalKind.String;
                    break;
                case ParquetColumnType.Binary: element.Type = PhysicalType.ByteArray; break;
                case ParquetColumnType.Int32: element.Type = PhysicalType.Int32; break;
                case ParquetColumnType.Int64: element.Type = PhysicalType.Int64; break;
                case ParquetColumnType.Float: element.Type = PhysicalType.Float; break;
                case ParquetColumnType.Double: element.Type = PhysicalType.Double; break;
                case ParquetColumnType.Boolean: element.Type = PhysicalType.Boolean; break;
                case ParquetColumnType.TimestampMillis or ParquetColumnType.TimestampMicros:
                    var millis = column.Type == ParquetColumnType.TimestampMillis;
                    element.Type = PhysicalType.Int64;
                    element.ConvertedType = millis ? ConvertedType.TimestampMillis : ConvertedType.TimestampMicros;
                    element.Logical = LogicalKind.Timestamp;
                    element.LogicalUtc = true;
                    element.LogicalTimeUnit = millis ? TimeUnit.Millis : TimeUnit.Micros;
                    break;
            }

            elements.Add(element);
        }

        return elements;
    }

    public static List<string> PathOf(ParquetColumn column) => column.IsList ? [column.Name, "list", "element"] : [column.Name];

    /// <summary>
    /// Reads the footer schema into top-level columns, each with the index of its one leaf (column chunk) and the
    /// leaf's level structure. Throws <see cref="InvalidDataException"/> for malformed trees and for shapes Sluice
    /// does not read (nested structs, maps, lists of non-integers).
    /// </summary>
    public static List<LeafColumn> FromElements(List<SchemaElement> elements)
    {
        var root = elements[0];
        if (root.NumChildren < 0 || root.NumChildren > elements.Count - 1)
        {
            throw new InvalidDataException($"the schema root claims {root.NumChildren} children but the schema has {elements.Count - 1} more elements");
        }

        var leaves = new List<LeafColumn>();
        var position = 1;
        for (var c = 0; c < root.NumChildren; c++)
        {
            if (position >= elements.Count)
            {
                throw new InvalidDataException("the schema ends before all of the root's children");
            }

            var top = elements[position++];
            if (string.IsNullOrEmpty(top.Name) || leaves.Exists(l => l.Column.Name == top.Name))
            {
                throw new InvalidDataException($"column {c} has an empty or repeated name '{top.Name}'");
            }

            var nullable = top.Repetition == Repetition.Optional;
            if (top.Repetition == Repetition.Repeated)
            {
                throw new InvalidDataException($"column '{top.Name}' is a bare repeated field; Sluice reads only the standard LIST layout");
            }

            if (top.NumChildren == 0)
            {
                if (top.Type is null)
                {
                    throw new InvalidDataException($"column '{top.Name}' has neither a type nor children");
                }

                leaves.Add(new LeafColumn(new ParquetColumn(top.Name, FlatType(top), nullable), top.Type.Value, nullable ? 1 : 0, 0, 0, false));
                continue;
            }

            // The standard three-level list: <top> (LIST) { repeated group list { <element> } }.
            var isList = top.ConvertedType == ConvertedType.List || top.Logical == LogicalKind.List;
            if (!isList || top.NumChildren != 1 || position + 1 >= elements.Count)
            {
                throw new InvalidDataException($"column '{top.Name}' is a nested group that is not a list of integers; Sluice does not read it");
            }

            var repeated = elements[position++];
            if (repeated.Repetition != Repetition.Repeated || repeated.NumChildren != 1)
            {
                throw new InvalidDataException($"list column '{top.Name}' does not use the standard three-level layout");
            }

            var leaf = elements[position++];
            if (leaf.NumChildren != 0 || leaf.Type is not (PhysicalType.Int32 or PhysicalType.Int64))
            {
                throw new InvalidDataException($"list column '{top.Name}' holds {leaf.Type?.ToString() ?? "groups"}; Sluice reads lists of INT32 and INT64");
            }

            var listDefinition = nullable ? 1 : 0;
            var elementNullable = leaf.Repetition == Repetition.Optional;
            var maxDefinition = listDefinition + 1 + (elementNullable ? 1 : 0);
            var type = leaf.Type == PhysicalType.Int32 ? ParquetColumnType.Int32List : ParquetColumnType.Int64List;
            leaves.Add(new LeafColumn(new ParquetColumn(top.Name, type, nullable), leaf.Type.Value, maxDefinition, 1, listDefinition, elementNullable));
        }

        if (position != elements.Count)
        {
            throw new InvalidDataException($"the schema has {elements.Count - position} elements outside the root's children");
        }

        return leaves;
    }

    private static ParquetColumnType FlatType(SchemaElement element) => element.Type switch
    {
        PhysicalType.ByteArray => element.ConvertedType is ConvertedType.Utf8 or ConvertedType.Enum or ConvertedType.Json
            || element.Logical is LogicalKind.String or LogicalKind.Enum or LogicalKind.Json
            ? ParquetColumnType.String
            : ParquetColumnType.Binary,
        PhysicalType.Int32 => ParquetColumnType.Int32,
        PhysicalType.Int64 when element.Logical == LogicalKind.Timestamp && element.LogicalTimeUnit == TimeUnit.Millis => ParquetColumnType.TimestampMillis,
        PhysicalType.Int64 when element.Logical == LogicalKind.Timestamp && element.LogicalTimeUnit == TimeUnit.Micros => ParquetColumnType.TimestampMicros,
        PhysicalType.Int64 when element.Logical == LogicalKind.None && element.ConvertedType == ConvertedType.TimestampMillis => ParquetColumnType.TimestampMillis,
        PhysicalType.Int64 when element.Logical == LogicalKind.None && element.ConvertedType == ConvertedType.TimestampMicros => ParquetColumnType.TimestampMicros,
        PhysicalType.Int64 => ParquetColumnType.Int64,
        PhysicalType.Float => ParquetColumnType.Float,
        PhysicalType.Double => ParquetColumnType.Double,
        PhysicalType.Boolean => ParquetColumnType.Boolean,
        _ => throw new InvalidDataException($"column '{element.Name}' has physical type {element.Type}, which Sluice does not read"),
    };
}

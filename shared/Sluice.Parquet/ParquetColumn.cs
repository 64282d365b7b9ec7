namespace Sluice.Parquet;

/// <summary>One top-level column of a <see cref="ParquetSchema"/>: its name, type and whether it may hold nulls.</summary>
public sealed class ParquetColumn
{
    /// <summary>Describes a column.</summary>
    /// <param name="name">The column name; must be non-empty.</param>
    /// <param name="type">The column's type.</param>
    /// <param name="isNullable">True for an OPTIONAL column (nulls allowed), false for REQUIRED.</param>
    public ParquetColumn(string name, ParquetColumnType type, bool isNullable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown column type");
        }

        Name = name;
        Type = type;
        IsNullable = isNullable;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The column type.</summary>
    public ParquetColumnType Type { get; }

    /// <summary>Whether the column may hold nulls (Parquet OPTIONAL); a REQUIRED column never does.</summary>
    public bool IsNullable { get; }

    /// <summary>Whether the column is one of the list types.</summary>
    public bool IsList => Type is ParquetColumnType.Int32List or ParquetColumnType.Int64List;

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Type}{(IsNullable ? "?" : "")}";
}

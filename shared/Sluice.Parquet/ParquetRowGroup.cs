namespace Sluice.Parquet;

/// <summary>The decoded columns of one row group (only the columns that were asked for).</summary>
public sealed class ParquetRowGroup
{
    internal ParquetRowGroup(int index, int rowCount, IReadOnlyList<ParquetColumnData> columns)
    {
        Index = index;
        RowCount = rowCount;
        Columns = columns;
    }

    /// <summary>The row group's position in the file.</summary>
    public int Index { get; }

    /// <summary>Rows in the row group.</summary>
    public int RowCount { get; }

    /// <summary>The decoded columns, in the order they were asked for (file order when all were read).</summary>
    public IReadOnlyList<ParquetColumnData> Columns { get; }

    /// <summary>The decoded column named <paramref name="name"/>; throws if it was not read.</summary>
    public ParquetColumnData Column(string name)
    {
        foreach (var column in Columns)
        {
            if (column.Column.Name == name)
            {
                return column;
            }
        }

        throw new KeyNotFoundException($"Column '{name}' was not read in this row group (read: {string.Join(", ", Columns.Select(c => c.Column.Name))})");
    }
}

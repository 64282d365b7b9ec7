namespace Sluice.Parquet;

/// <summary>The ordered, uniquely named columns of a Parquet file.</summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a schema; column names must be unique.</summary>
    public ParquetSchema(IEnumerable<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns.ToArray();
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!_indexByName.TryAdd(Columns[i].Name, i))
            {
                throw new ArgumentException($"Column name '{Columns[i].Name}' appears more than once", nameof(columns));
            }
        }
    }

    /// <summary>Creates a schema from the given columns.</summary>
    public ParquetSchema(params ParquetColumn[] columns)
        : this((IEnumerable<ParquetColumn>)columns)
    {
    }

    /// <summary>The columns, in file order.</summary>
    public IReadOnlyList<ParquetColumn> Columns { get; }

    /// <summary>The index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _indexByName.GetValueOrDefault(name, -1);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Columns);
}

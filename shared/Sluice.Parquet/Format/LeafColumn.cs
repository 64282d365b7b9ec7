namespace Sluice.Parquet.Format;

/// <summary>A top-level column as found in a file's footer, with the level structure of its single leaf.</summary>
/// <param name="Column">The column as the public API describes it.</param>
/// <param name="Physical">The leaf's physical type.</param>
/// <param name="MaxDefinition">The leaf's maximum definition level.</param>
/// <param name="MaxRepetition">The leaf's maximum repetition level (1 for lists).</param>
/// <param name="ListDefinition">For lists: the definition level at which the list exists (but may be empty).</param>
/// <param name="ElementNullable">For lists: whether elements are declared OPTIONAL.</param>
internal sealed record LeafColumn(ParquetColumn Column, PhysicalType Physical, int MaxDefinition, int MaxRepetition, int ListDefinition, bool ElementNullable);

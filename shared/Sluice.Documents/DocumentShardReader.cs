using Sluice.Parquet;

namespace Sluice.Documents;

/// <summary>
/// Reads document and rejected-record shards back, one row group at a time. Every method checks the shard's footer and
/// columns and throws <see cref="InvalidDataException"/> (or <see cref="ParquetFormatException"/> for damaged Parquet)
/// naming the shard and what is wrong.
/// </summary>
public static class DocumentShardReader
{
    /// <summary>The footer of a shard: schema version, kind, reason and lineage.</summary>
    /// <param name="shard">The shard's bytes (seekable).</param>
    /// <param name="name">How errors name the shard (its key).</param>
    public static ShardFooter ReadFooter(Stream shard, string name)
    {
        using var reader = new ParquetReader(shard, name, leaveOpen: true);
        return ShardFooter.Read(reader.Metadata, name);
    }

    /// <summary>Every document of a document shard, in order.</summary>
    /// <param name="shard">The shard's bytes (seekable); left open.</param>
    /// <param name="name">How errors name the shard (its key).</param>
    public static IEnumerable<Document> ReadDocuments(Stream shard, string name)
    {
        using var reader = new ParquetReader(shard, name, leaveOpen: true);
        var footer = ShardFooter.Read(reader.Metadata, name);
        if (footer.Kind != ShardKind.Documents)
        {
            throw new InvalidDataException($"{name} is a rejected-records shard, not a document shard");
        }

        RequireColumns(reader.Schema, DocumentSchema.Documents, name);
        foreach (var group in reader.ReadRowGroups("id", "text", "source", "metadata", "content_hash"))
        {
            var (id, text, source, metadata, hash) = (group.Columns[0], group.Columns[1], group.Columns[2], group.Columns[3], group.Columns[4]);
            for (var row = 0; row < group.RowCount; row++)
            {
                yield return new Document(
                    Required(id, row, name),
                    Required(text, row, name),
                    Required(source, row, name),
                    Required(metadata, row, name),
                    Required(hash, row, name));
            }
        }
    }

    /// <summary>Every record of a rejected-records shard, in order.</summary>
    /// <param name="shard">The shard's bytes (seekable); left open.</param>
    /// <param name="name">How errors name the shard (its key).</param>
    public static IEnumerable<RejectedRecord> ReadRejected(Stream shard, string name)
    {
        using var reader = new ParquetReader(shard, name, leaveOpen: true);
        var footer = ShardFooter.Read(reader.Metadata, name);
        if (footer.Kind != ShardKind.Rejected)
        {
            throw new InvalidDataException($"{name} is a document shard, not a rejected-records shard");
        }

        RequireColumns(reader.Schema, DocumentSchema.Rejected, name);
        foreach (var group in reader.ReadRowGroups())
        {
            var c = group.Columns;
            for (var row = 0; row < group.RowCount; row++)
            {
                yield return new RejectedRecord(
                    Required(c[0], row, name),
                    Required(c[1], row, name),
                    Required(c[2], row, name),
                    Required(c[3], row, name),
                    Required(c[4], row, name),
                    Required(c[5], row, name),
                    c[6].GetString(row),
                    Required(c[7], row, name),
                    c[8].GetString(row),
                    c[9].GetInt64(row));
            }
        }
    }

    private static void RequireColumns(ParquetSchema actual, ParquetSchema expected, string name)
    {
        foreach (var column in expected.Columns)
        {
            var index = actual.IndexOf(column.Name);
            if (index < 0)
            {
                throw new InvalidDataException($"{name} has no '{column.Name}' column (its columns: {actual})");
            }

            if (actual.Columns[index].Type != column.Type)
            {
                throw new InvalidDataException($"{name}: column '{column.Name}' is {actual.Columns[index].Type}, expected {column.Type}");
            }
        }
    }

    private static string Required(ParquetColumnData column, int row, string name) =>
        column.GetString(row) ?? throw new InvalidDataException($"{name}: column '{column.Column.Name}' is null in row {row}");
}

using Sluice.Parquet;

namespace Sluice.Documents;

/// <summary>The column layout of document shards and rejected-record shards (schema version <see cref="ShardLineage.SchemaVersion"/>).</summary>
public static class DocumentSchema
{
    /// <summary>Document shards: <c>id, text, source, metadata, content_hash</c>, all required UTF-8 strings.</summary>
    public static ParquetSchema Documents { get; } = new(
        new ParquetColumn("id", ParquetColumnType.String),
        new ParquetColumn("text", ParquetColumnType.String),
        new ParquetColumn("source", ParquetColumnType.String),
        new ParquetColumn("metadata", ParquetColumnType.String),
        new ParquetColumn("content_hash", ParquetColumnType.String));

    /// <summary>
    /// Rejected shards: <c>id, stage, reason, detail, source, locator, text?, metadata, content_hash?, byte_count</c>
    /// (text and content_hash may be null; byte_count is INT64, -1 when unknown).
    /// </summary>
    public static ParquetSchema Rejected { get; } = new(
        new ParquetColumn("id", ParquetColumnType.String),
        new ParquetColumn("stage", ParquetColumnType.String),
        new ParquetColumn("reason", ParquetColumnType.String),
        new ParquetColumn("detail", ParquetColumnType.String),
        new ParquetColumn("source", ParquetColumnType.String),
        new ParquetColumn("locator", ParquetColumnType.String),
        new ParquetColumn("text", ParquetColumnType.String, isNullable: true),
        new ParquetColumn("metadata", ParquetColumnType.String),
        new ParquetColumn("content_hash", ParquetColumnType.String, isNullable: true),
        new ParquetColumn("byte_count", ParquetColumnType.Int64));
}

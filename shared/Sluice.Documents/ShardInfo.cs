namespace Sluice.Documents;

/// <summary>A finished shard as the messages describe it (the claim check): where it is, what it holds, and its hash.</summary>
/// <param name="Key">The object key relative to the lake root, e.g. <c>docs/raw/&lt;source-hash&gt;/&lt;part&gt;.parquet</c>.</param>
/// <param name="Kind">Documents or rejected records.</param>
/// <param name="Reason">For rejected shards, the reason all its rows share; null for document shards.</param>
/// <param name="RowCount">Rows in the shard.</param>
/// <param name="ByteCount">The shard's size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the shard's bytes.</param>
/// <param name="TextBytes">Total UTF-8 bytes of the rows' text column.</param>
public sealed record ShardInfo(string Key, ShardKind Kind, string? Reason, long RowCount, long ByteCount, string Sha256, long TextBytes);

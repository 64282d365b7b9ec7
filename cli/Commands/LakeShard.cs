namespace Sluice.Cli;

/// <summary>A document or rejected-records shard of the lake, as its Parquet footer records it.</summary>
/// <param name="Key">The shard's key.</param>
/// <param name="Stage">The stage that wrote it.</param>
/// <param name="Input">What it was made from: the dropped object (ingest) or the input shard (later stages).</param>
/// <param name="Reason">For a rejected-records shard, the reason of its rows; null for documents.</param>
/// <param name="Rows">Its rows (documents or rejected records).</param>
/// <param name="Sha256">The SHA-256 of its bytes (the input hash in the keys of what was made from it).</param>
internal sealed record LakeShard(string Key, string Stage, string Input, string? Reason, long Rows, string Sha256);

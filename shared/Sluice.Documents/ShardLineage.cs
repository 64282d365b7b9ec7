namespace Sluice.Documents;

/// <summary>
/// What a shard's Parquet footer says about where it came from, as key-value metadata
/// (<c>sluice.schema_version</c>, <c>sluice.stage</c>, <c>sluice.source_key</c>, <c>sluice.source_hash</c>, <c>sluice.config_hash</c>).
/// </summary>
/// <param name="Stage">The stage that wrote the shard (<c>ingest</c>, <c>dedupe</c>, …).</param>
/// <param name="SourceKey">The key of the object (or input shard) the rows came from.</param>
/// <param name="SourceHash">SHA-256 (hex) of that object's bytes.</param>
/// <param name="ConfigHash">The writing stage's configuration hash.</param>
public sealed record ShardLineage(string Stage, string SourceKey, string SourceHash, string ConfigHash)
{
    /// <summary>The schema version written to and expected in every document and rejected shard.</summary>
    public const int SchemaVersion = 1;
}

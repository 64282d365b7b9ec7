namespace Sluice.Documents;

/// <summary>
/// Where finished shards go: the object store in a worker, a local folder in the embedded run, memory in tests.
/// Shards are handed over one at a time, each complete; the same input and configuration always produce the same keys with
/// the same bytes, so an implementation may overwrite or skip an existing key with the same hash.
/// </summary>
public interface IShardSink
{
    /// <summary>Stores one finished shard.</summary>
    /// <param name="shard">Key, kind, counts and SHA-256 of the shard.</param>
    /// <param name="content">The shard's bytes, readable from position 0 and seekable; valid only until the returned task completes.</param>
    /// <param name="cancellationToken">Cancels the store.</param>
    ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken);
}

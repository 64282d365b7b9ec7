using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>Puts finished shards into the lake, each verified against the SHA-256 and size the writer computed.</summary>
public sealed class LakeShardSink(IObjectStore lake) : IShardSink
{
    /// <inheritdoc />
    public async ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var stored = await lake.PutAsync(shard.Key, content, shard.Sha256, cancellationToken).ConfigureAwait(false);
        if (stored.ByteCount != shard.ByteCount)
        {
            throw new ObjectIntegrityException(lake.Description, shard.Key, $"{stored.ByteCount} bytes stored, the shard has {shard.ByteCount}");
        }
    }
}

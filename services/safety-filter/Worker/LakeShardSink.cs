using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.SafetyFilter.Worker;

/// <summary>Puts finished shards into the lake, each checked by the store against the SHA-256 the writer computed.</summary>
internal sealed class LakeShardSink(IObjectStore lake) : IShardSink
{
    public async ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
    {
        var stored = await lake.PutAsync(shard.Key, content, shard.Sha256, cancellationToken).ConfigureAwait(false);
        if (stored.ByteCount != shard.ByteCount)
        {
            throw new ObjectIntegrityException(lake.Description, shard.Key, $"{stored.ByteCount} bytes stored, the shard has {shard.ByteCount}");
        }
    }
}

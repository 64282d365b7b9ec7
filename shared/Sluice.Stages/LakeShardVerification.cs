using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>The check every stage makes before it names a shard in an event: the lake holds exactly the bytes written.</summary>
public static class LakeShardVerification
{
    /// <summary>
    /// Confirms the lake holds <paramref name="shard"/> with its SHA-256 and size, and returns the reference an event
    /// carries; throws <see cref="ObjectIntegrityException"/> when the object is missing or differs.
    /// </summary>
    public static async Task<StoredObjectRef> VerifyShardAsync(this IObjectStore lake, ShardInfo shard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(shard);
        var stored = await lake.GetInfoAsync(shard.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectIntegrityException(lake.Description, shard.Key, "the shard is missing after it was written");
        if (stored.Sha256 != shard.Sha256 || stored.ByteCount != shard.ByteCount)
        {
            throw new ObjectIntegrityException(
                lake.Description, shard.Key, $"the lake holds {stored.ByteCount} bytes with SHA-256 {stored.Sha256}, the shard has {shard.ByteCount} bytes with {shard.Sha256}");
        }

        return new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount };
    }
}

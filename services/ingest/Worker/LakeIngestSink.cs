using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.Ingest.Worker;

/// <summary>
/// Puts the ingest stage's finished shards into the lake, each verified against the SHA-256 the stage computed, and
/// skips sources the ledger already holds unless asked to reprocess them.
/// </summary>
internal sealed class LakeIngestSink(IObjectStore lake, IngestLedger ledger, bool reprocess) : IIngestSink
{
    public async ValueTask<bool> ShouldIngestAsync(IngestSource source, CancellationToken cancellationToken) =>
        reprocess || !await ledger.ContainsAsync(source.SourceHash, source.ConfigHash, cancellationToken).ConfigureAwait(false);

    public async ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
    {
        var stored = await lake.PutAsync(shard.Key, content, shard.Sha256, cancellationToken).ConfigureAwait(false);
        if (stored.ByteCount != shard.ByteCount)
        {
            throw new ObjectIntegrityException(lake.Description, shard.Key, $"{stored.ByteCount} bytes stored, the shard has {shard.ByteCount}");
        }
    }
}

using Sluice.Documents;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Ingest.Worker;

/// <summary>
/// Puts the ingest stage's finished shards into the lake (through <see cref="LakeShardSink"/>) and skips sources the
/// ledger already holds unless asked to reprocess them.
/// </summary>
internal sealed class LakeIngestSink(IObjectStore lake, IngestLedger ledger, bool reprocess) : IIngestSink
{
    private readonly LakeShardSink shards = new(lake);

    public async ValueTask<bool> ShouldIngestAsync(IngestSource source, CancellationToken cancellationToken) =>
        reprocess || !await ledger.ContainsAsync(source.Identity, source.ConfigHash, cancellationToken).ConfigureAwait(false);

    public ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken) =>
        shards.PutShardAsync(shard, content, cancellationToken);
}

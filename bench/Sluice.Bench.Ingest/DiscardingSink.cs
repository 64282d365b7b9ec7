using Sluice.Documents;
using Sluice.Ingest;

namespace Sluice.Bench.Ingest;

/// <summary>Accepts every object and counts the shards it is given without keeping them (the shard is already fully encoded and hashed when it arrives).</summary>
internal sealed class DiscardingSink : IIngestSink
{
    public long ShardBytes { get; private set; }

    public long Shards { get; private set; }

    public ValueTask<bool> ShouldIngestAsync(IngestSource source, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
    {
        ShardBytes += shard.ByteCount;
        Shards++;
        return ValueTask.CompletedTask;
    }
}

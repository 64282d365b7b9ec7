using Sluice.Documents;

namespace Sluice.Documents.Tests;

/// <summary>Keeps finished shards in memory, in the order they arrive.</summary>
internal sealed class MemoryShardSink : IShardSink
{
    public List<(ShardInfo Info, byte[] Bytes)> Shards { get; } = [];

    public async ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
    {
        Assert.True(content.CanSeek);
        Assert.Equal(0, content.Position);
        var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Shards.Add((shard, copy.ToArray()));
    }
}

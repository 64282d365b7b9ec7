using Sluice.Documents;
using Sluice.Ingest;

namespace Sluice.Ingest.Tests;

/// <summary>An in-memory lake for tests: keeps every shard's bytes by key and skips sources it has already ingested (by <see cref="IngestSource.Identity"/>, as the ledger does).</summary>
internal sealed class MemoryIngestSink : IIngestSink
{
    private readonly HashSet<string> _ingested = new(StringComparer.Ordinal);

    public SortedDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public List<ShardInfo> Shards { get; } = [];

    public bool SkipKnownSources { get; init; } = true;

    public ValueTask<bool> ShouldIngestAsync(IngestSource source, CancellationToken cancellationToken)
    {
        var fresh = _ingested.Add($"{source.Identity}/{source.ConfigHash}");
        return ValueTask.FromResult(fresh || !SkipKnownSources);
    }

    public async ValueTask PutShardAsync(ShardInfo shard, Stream content, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        Objects[shard.Key] = copy.ToArray();
        Shards.Add(shard);
    }

    public IReadOnlyList<Document> Documents() =>
        Shards.Where(s => s.Kind == ShardKind.Documents)
            .SelectMany(s => DocumentShardReader.ReadDocuments(new MemoryStream(Objects[s.Key]), s.Key))
            .ToList();

    public IReadOnlyList<RejectedRecord> Rejected() =>
        Shards.Where(s => s.Kind == ShardKind.Rejected)
            .SelectMany(s => DocumentShardReader.ReadRejected(new MemoryStream(Objects[s.Key]), s.Key))
            .ToList();
}

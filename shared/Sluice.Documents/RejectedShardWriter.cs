namespace Sluice.Documents;

/// <summary>
/// Streams rejected records into one series of Parquet shards per reason (<c>rejected/&lt;stage&gt;/&lt;reason&gt;/…</c>), so
/// every removed thing is kept with its reason. Shards are cut and handed over like <see cref="DocumentShardWriter"/>'s.
/// </summary>
public sealed class RejectedShardWriter : IAsyncDisposable
{
    private readonly SortedDictionary<string, ShardSeries<RejectedRecord>> _byReason = new(StringComparer.Ordinal);
    private readonly IShardSink _sink;
    private readonly ShardLineage _lineage;
    private readonly Func<string, int, string> _keyFor;
    private readonly DocumentShardOptions _options;
    private readonly RejectedRowCodec _codec = new();

    /// <summary>Starts the rejected shards of one input.</summary>
    /// <param name="sink">Receives each finished shard.</param>
    /// <param name="lineage">Written to every shard's footer.</param>
    /// <param name="keyFor">The key of a reason's part 0, 1, 2, … (e.g. <c>LakeKeys.Rejected</c>).</param>
    /// <param name="options">Shard and row group sizes, compression; validated here.</param>
    public RejectedShardWriter(IShardSink sink, ShardLineage lineage, Func<string, int, string> keyFor, DocumentShardOptions options)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(keyFor);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_sink, _lineage, _keyFor, _options) = (sink, lineage, keyFor, options);
    }

    /// <summary>Records written so far, all reasons.</summary>
    public long RecordCount => _byReason.Values.Sum(s => s.RowCount);

    /// <summary>Adds one rejected record to its reason's shards.</summary>
    public ValueTask WriteAsync(RejectedRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_byReason.TryGetValue(record.Reason, out var series))
        {
            var reason = record.Reason;
            series = new ShardSeries<RejectedRecord>(_sink, _lineage, _options, ShardKind.Rejected, reason, part => _keyFor(reason, part), _codec);
            _byReason.Add(reason, series);
        }

        return series.AddAsync(record, cancellationToken);
    }

    /// <summary>Finishes every open shard and returns all shards written, ordered by reason then part.</summary>
    public async ValueTask<IReadOnlyList<ShardInfo>> CompleteAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<ShardInfo>();
        foreach (var series in _byReason.Values)
        {
            all.AddRange(await series.CompleteAsync(cancellationToken));
        }

        return all;
    }

    /// <summary>Drops unfinished shards.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var series in _byReason.Values)
        {
            await series.DisposeAsync();
        }
    }
}

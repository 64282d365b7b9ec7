namespace Sluice.Documents;

/// <summary>
/// Streams documents into Parquet document shards of about <see cref="DocumentShardOptions.TargetShardBytes"/> each and
/// hands every finished shard to an <see cref="IShardSink"/>. Rows are encoded a row group at a time; a shard is spooled
/// to a temporary file, never held as rows. The same documents in the same order always give the same bytes.
/// </summary>
public sealed class DocumentShardWriter : IAsyncDisposable
{
    private readonly ShardSeries<Document> _series;

    /// <summary>Starts a series of document shards.</summary>
    /// <param name="sink">Receives each finished shard.</param>
    /// <param name="lineage">Written to every shard's footer.</param>
    /// <param name="keyForPart">The key of part 0, 1, 2, … (e.g. <c>LakeKeys.Documents</c>).</param>
    /// <param name="options">Shard and row group sizes, compression; validated here.</param>
    public DocumentShardWriter(IShardSink sink, ShardLineage lineage, Func<int, string> keyForPart, DocumentShardOptions options)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(keyForPart);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _series = new ShardSeries<Document>(sink, lineage, options, ShardKind.Documents, null, keyForPart, new DocumentRowCodec());
    }

    /// <summary>Documents written so far.</summary>
    public long DocumentCount => _series.RowCount;

    /// <summary>UTF-8 bytes of the documents' text written so far.</summary>
    public long TextBytes => _series.TextBytes;

    /// <summary>Adds one document; when the open shard reaches its target size it is finished and handed to the sink.</summary>
    public ValueTask WriteAsync(Document document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return _series.AddAsync(document, cancellationToken);
    }

    /// <summary>Finishes the open shard (if it has rows) and returns every shard written, in part order.</summary>
    public ValueTask<IReadOnlyList<ShardInfo>> CompleteAsync(CancellationToken cancellationToken = default) => _series.CompleteAsync(cancellationToken);

    /// <summary>Drops an unfinished shard (nothing more reaches the sink).</summary>
    public ValueTask DisposeAsync() => _series.DisposeAsync();
}

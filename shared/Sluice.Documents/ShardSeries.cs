using System.Security.Cryptography;
using Sluice.Parquet;

namespace Sluice.Documents;

/// <summary>
/// Streams rows into a series of Parquet shards: each row goes straight into the Parquet writer's column buffers, a row
/// group is encoded into the open shard's spool file whenever the buffered rows reach the row group target, and once that
/// file reaches the shard target the footer is written, the shard is hashed and handed to the sink, and the next part
/// begins. At most one row group of rows is held in memory, once.
/// </summary>
internal sealed class ShardSeries<TRow>(
    IShardSink sink,
    ShardLineage lineage,
    DocumentShardOptions options,
    ShardKind kind,
    string? reason,
    Func<int, string> keyForPart,
    IRowGroupCodec<TRow> codec) : IAsyncDisposable
{
    /// <summary>A shard stays in memory up to this size while it is written, then moves to a temporary file.</summary>
    private const long MemorySpoolBytes = 8L * 1024 * 1024;

    private readonly List<ShardInfo> _finished = [];
    private long _rowGroupBytes;
    private SpillStream? _spool;
    private ParquetWriter? _writer;
    private long _shardRows;
    private long _shardTextBytes;
    private int _part;

    public long RowCount { get; private set; }

    public long TextBytes { get; private set; }

    public async ValueTask AddAsync(TRow row, CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            _spool = OpenSpool();
            _writer = new ParquetWriter(_spool, codec.Schema, WriterOptions(), leaveOpen: true);
        }

        var (text, encoded) = codec.WriteRow(_writer, row);
        _shardTextBytes += text;
        TextBytes += text;
        RowCount++;
        _shardRows++;
        _rowGroupBytes += encoded;
        if (_rowGroupBytes >= options.RowGroupTargetBytes)
        {
            _writer.FlushRowGroup();
            _rowGroupBytes = 0;
            if (_spool!.Position >= options.TargetShardBytes)
            {
                await FinishShardAsync(cancellationToken);
            }
        }
    }

    public async ValueTask<IReadOnlyList<ShardInfo>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_writer is null && _finished.Count == 0 && options.WriteEmptyShard)
        {
            _spool = OpenSpool();
            _writer = new ParquetWriter(_spool, codec.Schema, WriterOptions(), leaveOpen: true);
        }

        if (_writer is not null)
        {
            await FinishShardAsync(cancellationToken);
        }

        return _finished;
    }

    public async ValueTask DisposeAsync()
    {
        // An unfinished shard is abandoned (after a failure or cancellation): its footer is never written and its spool is deleted.
        _writer = null;
        if (_spool is not null)
        {
            await _spool.DisposeAsync();
            _spool = null;
        }
    }

    private async ValueTask FinishShardAsync(CancellationToken cancellationToken)
    {
        var spool = _spool!;
        _writer!.Dispose();
        _writer = null;
        _rowGroupBytes = 0;
        try
        {
            await spool.FlushAsync(cancellationToken);
            spool.Position = 0;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(spool, cancellationToken));
            var info = new ShardInfo(keyForPart(_part), kind, reason, _shardRows, spool.Length, hash, _shardTextBytes);
            spool.Position = 0;
            await sink.PutShardAsync(info, spool, cancellationToken);
            _finished.Add(info);
        }
        finally
        {
            await spool.DisposeAsync();
            _spool = null;
        }

        _part++;
        _shardRows = 0;
        _shardTextBytes = 0;
    }

    private SpillStream OpenSpool() => new(Math.Min(options.TargetShardBytes, MemorySpoolBytes) + 1, options.SpoolFolder);

    private ParquetWriterOptions WriterOptions()
    {
        var writerOptions = new ParquetWriterOptions
        {
            Compression = options.Snappy ? ParquetCompression.Snappy : ParquetCompression.Uncompressed,
            RowGroupTargetBytes = Math.Max(1024, options.RowGroupTargetBytes * 4),
            CreatedBy = "Sluice.Documents",
        };
        foreach (var (key, value) in ShardFooter.Write(lineage, kind, reason))
        {
            writerOptions.Metadata[key] = value;
        }

        return writerOptions;
    }
}

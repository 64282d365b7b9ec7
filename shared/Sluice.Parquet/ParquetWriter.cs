using Sluice.Parquet.Columns;
using Sluice.Parquet.Encodings;
using Sluice.Parquet.Format;
using Sluice.Parquet.Thrift;

namespace Sluice.Parquet;

/// <summary>
/// Writes a Parquet file to a stream, one row group at a time: values are buffered per column and a row group is
/// encoded and written as soon as the buffer reaches <see cref="ParquetWriterOptions.RowGroupTargetBytes"/>, so a
/// file of any size is written in bounded memory. The stream need not be seekable.
/// </summary>
/// <remarks>
/// Two ways to add rows, which may be mixed between <see cref="EndRow"/>/<see cref="EndRows"/> calls:
/// <list type="bullet">
/// <item>row at a time: one <c>Write…(column, value)</c> or <see cref="WriteNull"/> per column, then <see cref="EndRow"/>;</item>
/// <item>columnar: <c>WriteColumn(column, values)</c> with many values per column, then <see cref="EndRows"/>.</item>
/// </list>
/// Values go straight into typed per-column buffers; nothing is boxed. Disposing the writer writes the footer.
/// A writer is not thread-safe: one producer writes to it.
/// </remarks>
public sealed class ParquetWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private readonly ColumnBuffer[] _buffers;
    private readonly List<string>[] _paths;
    private readonly ColumnChunkEncoder _encoder;
    private readonly FileMetadata _metadata = new();
    private long _position;
    private long _rowsInGroup;
    private bool _finished;

    /// <summary>Starts a Parquet file on <paramref name="stream"/> (writes the leading magic).</summary>
    /// <param name="stream">A writable stream; it need not be seekable.</param>
    /// <param name="schema">The file's columns.</param>
    /// <param name="options">Writer settings; defaults when null.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="stream"/> open.</param>
    public ParquetWriter(Stream stream, ParquetSchema schema, ParquetWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Sluice.Parquet requires a little-endian machine");
        }

        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable", nameof(stream));
        }

        _options = options ?? new ParquetWriterOptions();
        _options.Validate();
        _stream = stream;
        _leaveOpen = leaveOpen;
        Schema = schema;
        _buffers = schema.Columns.Select(c => new ColumnBuffer(c)).ToArray();
        _paths = schema.Columns.Select(SchemaMapping.PathOf).ToArray();
        var codec = _options.Compression switch
        {
            ParquetCompression.Uncompressed => CompressionCodec.Uncompressed,
            ParquetCompression.Snappy => CompressionCodec.Snappy,
            _ => CompressionCodec.Gzip,
        };
        _encoder = new ColumnChunkEncoder(_options, codec);
        _metadata.Schema.AddRange(SchemaMapping.ToElements(schema));
        _metadata.CreatedBy = _options.CreatedBy;
        foreach (var pair in _options.Metadata)
        {
            _metadata.KeyValues.Add(pair);
        }

        _stream.Write(Magic);
        _position = Magic.Length;
    }

    /// <summary>The schema being written.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Rows completed so far (written or buffered).</summary>
    public long RowCount => _metadata.NumRows + _rowsInGroup;

    /// <summary>Row groups written to the stream so far.</summary>
    public int RowGroupCount => _metadata.RowGroups.Count;

    /// <summary>Creates (or overwrites) a file and starts writing Parquet into it.</summary>
    public static ParquetWriter Create(string path, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        try
        {
            return new ParquetWriter(stream, schema, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Adds a key-value pair to the footer (before the writer is disposed).</summary>
    public void SetMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        EnsureOpen();
        _metadata.KeyValues.RemoveAll(p => p.Key == key);
        _metadata.KeyValues.Add(new KeyValuePair<string, string>(key, value));
    }

    /// <summary>Writes a null into a nullable column.</summary>
    public void WriteNull(int column) => Buffer(column).AppendNull();

    /// <summary>Writes a string (or null) into a String column.</summary>
    public void WriteString(int column, string? value)
    {
        var buffer = Buffer(column);
        if (value is null)
        {
            buffer.AppendNull();
        }
        else
        {
            buffer.AppendString(value);
        }
    }

    /// <summary>Writes text already encoded as UTF-8 into a String column (not validated).</summary>
    public void WriteUtf8(int column, ReadOnlySpan<byte> utf8) => Buffer(column).AppendBytes(utf8, utf8: true);

    /// <summary>Writes bytes into a Binary (or String) column.</summary>
    public void WriteBytes(int column, ReadOnlySpan<byte> value) => Buffer(column).AppendBytes(value, utf8: false);

    /// <summary>Writes into an Int32 column.</summary>
    public void WriteInt32(int column, int value) => Buffer(column).AppendInt32(value);

    /// <summary>Writes into an Int32 column; null writes a null.</summary>
    public void WriteInt32(int column, int? value) => WriteOrNull(column, value, static (b, v) => b.AppendInt32(v));

    /// <summary>Writes into an Int64 column, or raw units into a timestamp column.</summary>
    public void WriteInt64(int column, long value) => Buffer(column).AppendInt64(value);

    /// <summary>Writes into an Int64 or timestamp column; null writes a null.</summary>
    public void WriteInt64(int column, long? value) => WriteOrNull(column, value, static (b, v) => b.AppendInt64(v));

    /// <summary>Writes into a Float column.</summary>
    public void WriteFloat(int column, float value) => Buffer(column).AppendFloat(value);

    /// <summary>Writes into a Double column.</summary>
    public void WriteDouble(int column, double value) => Buffer(column).AppendDouble(value);

    /// <summary>Writes into a Boolean column.</summary>
    public void WriteBoolean(int column, bool value) => Buffer(column).AppendBoolean(value);

    /// <summary>Writes an instant into a timestamp column (converted to UTC; truncated to the column's unit).</summary>
    public void WriteTimestamp(int column, DateTime value)
    {
        var buffer = Buffer(column);
        var ticks = value.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        var units = buffer.Column.Type switch
        {
            ParquetColumnType.TimestampMillis => ticks / TimeSpan.TicksPerMillisecond,
            ParquetColumnType.TimestampMicros => ticks / 10,
            _ => throw new InvalidOperationException($"Column '{buffer.Column.Name}' is {buffer.Column.Type}; it cannot take a timestamp"),
        };
        buffer.AppendInt64(units);
    }

    /// <summary>Writes one list into an Int32List column.</summary>
    public void WriteInt32List(int column, ReadOnlySpan<int> values) => Buffer(column).AppendInt32List(values);

    /// <summary>Writes one list into an Int64List column.</summary>
    public void WriteInt64List(int column, ReadOnlySpan<long> values) => Buffer(column).AppendInt64List(values);

    /// <summary>Columnar path: appends non-null values to an Int32 column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<int> values) => Buffer(column).AppendInt32Range(values);

    /// <summary>Columnar path: appends non-null values to an Int64 or timestamp column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<long> values) => Buffer(column).AppendInt64Range(values);

    /// <summary>Columnar path: appends non-null values to a Float column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<float> values) => Buffer(column).AppendFloatRange(values);

    /// <summary>Columnar path: appends non-null values to a Double column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<double> values) => Buffer(column).AppendDoubleRange(values);

    /// <summary>Columnar path: appends non-null values to a Boolean column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<bool> values) => Buffer(column).AppendBooleanRange(values);

    /// <summary>Columnar path: appends strings (nulls allowed in nullable columns) to a String column.</summary>
    public void WriteColumn(int column, ReadOnlySpan<string?> values)
    {
        var buffer = Buffer(column);
        foreach (var value in values)
        {
            if (value is null)
            {
                buffer.AppendNull();
            }
            else
            {
                buffer.AppendString(value);
            }
        }
    }

    /// <summary>Completes one row: every column must have received exactly one value since the last completed row.</summary>
    public void EndRow()
    {
        EnsureOpen();
        foreach (var buffer in _buffers)
        {
            if (buffer.Rows != _rowsInGroup + 1)
            {
                throw new InvalidOperationException(
                    $"Row {RowCount} is incomplete: column '{buffer.Column.Name}' has {buffer.Rows - _rowsInGroup} values for it (expected 1)");
            }
        }

        _rowsInGroup++;
        FlushIfFull();
    }

    /// <summary>Completes the rows added through the columnar path: every column must have received the same number of values.</summary>
    public void EndRows()
    {
        EnsureOpen();
        var rows = _buffers.Length == 0 ? _rowsInGroup : _buffers[0].Rows;
        foreach (var buffer in _buffers)
        {
            if (buffer.Rows != rows)
            {
                throw new InvalidOperationException(
                    $"Columns disagree on the number of rows: '{_buffers[0].Column.Name}' has {rows - _rowsInGroup} new values, '{buffer.Column.Name}' has {buffer.Rows - _rowsInGroup}");
            }
        }

        _rowsInGroup = rows;
        FlushIfFull();
    }

    /// <summary>Writes the completed buffered rows as a row group now, regardless of the target size.</summary>
    public void FlushRowGroup()
    {
        EnsureOpen();
        foreach (var buffer in _buffers)
        {
            if (buffer.Rows != _rowsInGroup)
            {
                throw new InvalidOperationException($"Column '{buffer.Column.Name}' has values for a row that was not ended with EndRow/EndRows");
            }
        }

        if (_rowsInGroup == 0)
        {
            return;
        }

        var group = new RowGroupMetadata { NumRows = _rowsInGroup, FileOffset = _position };
        var start = _position;
        for (var c = 0; c < _buffers.Length; c++)
        {
            var chunk = _encoder.Encode(_buffers[c], _paths[c], _stream, ref _position);
            group.Columns.Add(chunk);
            group.TotalByteSize += chunk.TotalUncompressedSize;
            _buffers[c].Clear();
        }

        group.TotalCompressedSize = _position - start;
        _metadata.RowGroups.Add(group);
        _metadata.NumRows += _rowsInGroup;
        _rowsInGroup = 0;
    }

    /// <summary>Writes any buffered rows and the footer; the file is complete afterwards. Called by <see cref="Dispose"/>.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        FlushRowGroup();
        _finished = true;
        foreach (var buffer in _buffers)
        {
            buffer.Release();
        }

        var sink = new ByteSink(1 << 12);
        _metadata.Write(new CompactWriter(sink));
        _stream.Write(sink.WrittenSpan);
        Span<byte> trailer = stackalloc byte[8];
        BitConverter.TryWriteBytes(trailer, sink.Length);
        Magic.CopyTo(trailer[4..]);
        _stream.Write(trailer);
        _stream.Flush();
    }

    /// <summary>Finishes the file (see <see cref="Finish"/>) and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        try
        {
            Finish();
        }
        finally
        {
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void FlushIfFull()
    {
        long size = 0;
        foreach (var buffer in _buffers)
        {
            size += buffer.EstimatedBytes;
        }

        if (size >= _options.RowGroupTargetBytes)
        {
            FlushRowGroup();
        }
    }

    private void WriteOrNull<T>(int column, T? value, Action<ColumnBuffer, T> append)
        where T : struct
    {
        var buffer = Buffer(column);
        if (value is { } present)
        {
            append(buffer, present);
        }
        else
        {
            buffer.AppendNull();
        }
    }

    private ColumnBuffer Buffer(int column)
    {
        if (_finished)
        {
            throw new ObjectDisposedException(nameof(ParquetWriter), "The Parquet file is already finished");
        }

        if ((uint)column >= (uint)_buffers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The schema has {_buffers.Length} columns");
        }

        return _buffers[column];
    }

    private void EnsureOpen()
    {
        if (_finished)
        {
            throw new ObjectDisposedException(nameof(ParquetWriter), "The Parquet file is already finished");
        }
    }
}

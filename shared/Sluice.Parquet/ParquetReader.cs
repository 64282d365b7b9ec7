using System.Buffers;
using System.Buffers.Binary;
using Sluice.Parquet.Columns;
using Sluice.Parquet.Format;
using Sluice.Parquet.Thrift;

namespace Sluice.Parquet;

/// <summary>
/// Reads a Parquet file from a seekable stream, one row group at a time, decoding only the columns asked for.
/// Damaged, truncated or foreign-but-unsupported input throws <see cref="ParquetFormatException"/> naming the file
/// and the problem. A reader is not thread-safe (it seeks its stream); open one per thread.
/// </summary>
public sealed class ParquetReader : IDisposable
{
    private const int MaxFooterBytes = 256 << 20;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly FileMetadata _metadata;
    private readonly List<LeafColumn> _leaves;
    private readonly ColumnChunkDecoder _decoder = new();
    private byte[] _chunk = [];

    /// <summary>Opens Parquet data on <paramref name="stream"/> and reads its footer.</summary>
    /// <param name="stream">A readable, seekable stream holding a whole Parquet file.</param>
    /// <param name="name">How errors name the input (a file name or object key); default "stream".</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public ParquetReader(Stream stream, string? name = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("Parquet is read from a readable, seekable stream", nameof(stream));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Sluice.Parquet requires a little-endian machine");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name ?? "stream";
        try
        {
            (_metadata, _leaves) = ReadFooter();
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw new ParquetFormatException(Name, $"invalid footer: {e.Message}", e);
        }

        Schema = new ParquetSchema(_leaves.Select(l => l.Column));
        Metadata = _metadata.KeyValues
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
    }

    /// <summary>How errors name the input.</summary>
    public string Name { get; }

    /// <summary>The file's columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Total rows in the file.</summary>
    public long RowCount => _metadata.NumRows;

    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => _metadata.RowGroups.Count;

    /// <summary>The footer's key-value metadata (the last value wins for a repeated key).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The footer's created_by string, if any.</summary>
    public string? CreatedBy => _metadata.CreatedBy;

    /// <summary>Opens a file for reading.</summary>
    public static ParquetReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new ParquetReader(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Rows in row group <paramref name="index"/>.</summary>
    public long GetRowGroupRowCount(int index) => Group(index).NumRows;

    /// <summary>Decodes row group <paramref name="index"/>, reading only the named columns (all columns when none are named).</summary>
    public ParquetRowGroup ReadRowGroup(int index, params string[] columns)
    {
        var group = Group(index);
        var selected = Select(columns);
        var decoded = new List<ParquetColumnData>(selected.Count);
        foreach (var c in selected)
        {
            var leaf = _leaves[c];
            var chunk = group.Columns[c];
            try
            {
                var start = ChunkStart(chunk);
                var length = (int)chunk.TotalCompressedSize;
                if (_chunk.Length < length)
                {
                    ReturnChunkBuffer();
                    _chunk = ArrayPool<byte>.Shared.Rent(length);
                }

                _stream.Seek(start, SeekOrigin.Begin);
                _stream.ReadExactly(_chunk, 0, length);
                decoded.Add(_decoder.Decode(leaf, chunk, _chunk, length, group.NumRows));
            }
            catch (Exception e) when (IsDecodingFailure(e))
            {
                throw new ParquetFormatException(Name, $"row group {index}, column '{leaf.Column.Name}': {e.Message}", e);
            }
        }

        return new ParquetRowGroup(index, (int)group.NumRows, decoded);
    }

    /// <summary>Decodes every row group in turn, reading only the named columns (all when none are named).</summary>
    public IEnumerable<ParquetRowGroup> ReadRowGroups(params string[] columns)
    {
        var selected = columns.ToArray();
        Select(selected);
        for (var i = 0; i < RowGroupCount; i++)
        {
            yield return ReadRowGroup(i, selected);
        }
    }

    /// <summary>Closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        ReturnChunkBuffer();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void ReturnChunkBuffer()
    {
        if (_chunk.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
        }
    }

    private static bool IsDecodingFailure(Exception e) =>
        e is InvalidDataException or EndOfStreamException or IndexOutOfRangeException or ArgumentOutOfRangeException
            or ArgumentException or OverflowException or InvalidCastException;

    private static long ChunkStart(ColumnChunkMetadata chunk) =>
        chunk.DictionaryPageOffset is { } dictionary && dictionary > 0 && dictionary < chunk.DataPageOffset ? dictionary : chunk.DataPageOffset;

    private RowGroupMetadata Group(int index)
    {
        if ((uint)index >= (uint)_metadata.RowGroups.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {_metadata.RowGroups.Count} row groups");
        }

        return _metadata.RowGroups[index];
    }

    private List<int> Select(string[] columns)
    {
        if (columns.Length == 0)
        {
            return Enumerable.Range(0, _leaves.Count).ToList();
        }

        var selected = new List<int>(columns.Length);
        foreach (var name in columns)
        {
            var index = Schema.IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException($"{Name} has no column '{name}' (columns: {string.Join(", ", Schema.Columns.Select(c => c.Name))})", nameof(columns));
            }

            selected.Add(index);
        }

        return selected;
    }

    private (FileMetadata, List<LeafColumn>) ReadFooter()
    {
        var length = _stream.Length;
        if (length < 12)
        {
            throw new InvalidDataException($"the file is {length} bytes, too short to be Parquet (at least 12)");
        }

        Span<byte> magic = stackalloc byte[4];
        _stream.Seek(0, SeekOrigin.Begin);
        _stream.ReadExactly(magic);
        if (!magic.SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException("bad magic at the start of the file (not Parquet)");
        }

        Span<byte> trailer = stackalloc byte[8];
        _stream.Seek(length - 8, SeekOrigin.Begin);
        _stream.ReadExactly(trailer);
        if (trailer[4..].SequenceEqual("PARE"u8))
        {
            throw new InvalidDataException("the footer is encrypted, which Sluice does not read");
        }

        if (!trailer[4..].SequenceEqual("PAR1"u8))
        {
            throw new InvalidDataException("bad magic at the end of the file (truncated or not Parquet)");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer);
        if (footerLength <= 0 || footerLength > length - 12 || footerLength > MaxFooterBytes)
        {
            throw new InvalidDataException($"footer length {footerLength} does not fit a {length}-byte file");
        }

        var footer = new byte[footerLength];
        var footerStart = length - 8 - footerLength;
        _stream.Seek(footerStart, SeekOrigin.Begin);
        _stream.ReadExactly(footer);
        var metadata = FileMetadata.Read(new CompactReader(footer, 0, footerLength));
        var leaves = SchemaMapping.FromElements(metadata.Schema);
        if (metadata.NumRows < 0)
        {
            throw new InvalidDataException($"the footer declares {metadata.NumRows} rows");
        }

        long rows = 0;
        for (var g = 0; g < metadata.RowGroups.Count; g++)
        {
            var group = metadata.RowGroups[g];
            if (group.NumRows < 0 || group.NumRows > int.MaxValue)
            {
                throw new InvalidDataException($"row group {g} declares {group.NumRows} rows");
            }

            rows += group.NumRows;
            if (group.Columns.Count != leaves.Count)
            {
                throw new InvalidDataException($"row group {g} has {group.Columns.Count} column chunks but the schema has {leaves.Count} columns");
            }

            for (var c = 0; c < leaves.Count; c++)
            {
                var chunk = group.Columns[c];
                if (!chunk.HasMetadata || chunk.FilePath is not null)
                {
                    throw new InvalidDataException($"row group {g}, column '{leaves[c].Column.Name}' has no inline metadata (external column files are not supported)");
                }

                if (chunk.Type != leaves[c].Physical)
                {
                    throw new InvalidDataException($"row group {g}, column '{leaves[c].Column.Name}' stores {chunk.Type} but the schema says {leaves[c].Physical}");
                }

                var start = ChunkStart(chunk);
                if (start < 4 || chunk.TotalCompressedSize < 0 || chunk.TotalCompressedSize > int.MaxValue
                    || start + chunk.TotalCompressedSize > footerStart || chunk.NumValues < 0)
                {
                    throw new InvalidDataException(
                        $"row group {g}, column '{leaves[c].Column.Name}' claims bytes {start} to {start + chunk.TotalCompressedSize}, outside the data area (4 to {footerStart})");
                }
            }
        }

        if (rows != metadata.NumRows)
        {
            throw new InvalidDataException($"the row groups hold {rows} rows but the footer declares {metadata.NumRows}");
        }

        return (metadata, leaves);
    }
}

using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace Sluice.Tokenizer.Shards;

/// <summary>
/// Reads a token shard through a memory map: any range of tokens (e.g. a random window of T+1 tokens for a training
/// batch) is copied straight from the page cache, and any token position maps back to its document. The file is
/// checked on open (magic, version, size, and that the document index tiles the tokens exactly). Reads are
/// thread-safe; dispose the reader once no read is in progress.
/// </summary>
public sealed unsafe class TokenShardReader : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _tokens;
    private readonly long[] _documentStarts;
    private bool _disposed;

    private TokenShardReader(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* basePointer, TokenShardHeader header, IReadOnlyList<TokenShardDocument> documents)
    {
        Path = path;
        _map = map;
        _view = view;
        _tokens = basePointer + TokenShardLayout.HeaderBytes;
        Header = header;
        Documents = documents;
        _documentStarts = documents.Select(d => d.Start).ToArray();
    }

    /// <summary>The token file.</summary>
    public string Path { get; }

    /// <summary>The shard's header.</summary>
    public TokenShardHeader Header { get; }

    /// <summary>Number of tokens in the shard.</summary>
    public long TokenCount => Header.TokenCount;

    /// <summary>The documents in shard order; empty for a plain llm.c file that has no document index.</summary>
    public IReadOnlyList<TokenShardDocument> Documents { get; }

    /// <summary>
    /// Opens a token file and, when its header carries Sluice's fields, its document index (<c>x.docs</c> next to <c>x.bin</c>).
    /// Throws <see cref="TokenShardFormatException"/> when either is malformed or they disagree.
    /// </summary>
    public static TokenShardReader Open(string tokenFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenFilePath);
        var length = new FileInfo(tokenFilePath).Length;
        if (length < TokenShardLayout.HeaderBytes)
        {
            throw new TokenShardFormatException(tokenFilePath, $"the file has {length} bytes, less than the {TokenShardLayout.HeaderBytes}-byte header.");
        }

        var file = new FileStream(tokenFilePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            basePointer += view.PointerOffset;
            var header = TokenShardHeaderCodec.Read(tokenFilePath, new ReadOnlySpan<byte>(basePointer, TokenShardLayout.HeaderBytes), length);
            var documents = header.TokenizerId is null ? [] : ReadIndex(tokenFilePath, header);
            return new TokenShardReader(tokenFilePath, map, view, basePointer, header, documents);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }

            map.Dispose();
            throw;
        }
    }

    /// <summary>The token at a position.</summary>
    public int this[long position]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, TokenCount);
            return Header.BytesPerToken == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(_tokens + (position * 2), 2))
                : BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(_tokens + (position * 4), 4));
        }
    }

    /// <summary>
    /// Copies tokens from <paramref name="start"/> into <paramref name="destination"/>; returns how many were copied
    /// (fewer than the destination's length only at the end of the shard).
    /// </summary>
    public int ReadTokens(long start, Span<int> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, TokenCount);
        var count = (int)Math.Min(destination.Length, TokenCount - start);
        if (Header.BytesPerToken == 2)
        {
            var source = new ReadOnlySpan<ushort>(_tokens + (start * 2), count);
            for (var i = 0; i < count; i++)
            {
                destination[i] = BitConverter.IsLittleEndian ? source[i] : BinaryPrimitives.ReverseEndianness(source[i]);
            }
        }
        else
        {
            var source = new ReadOnlySpan<int>(_tokens + (start * 4), count);
            source.CopyTo(destination);
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(destination[..count], destination[..count]);
            }
        }

        return count;
    }

    /// <summary>
    /// Fills <paramref name="window"/> (e.g. T+1 tokens for a training example) from a start drawn uniformly from
    /// every position where the whole window fits; returns that start.
    /// </summary>
    public long ReadRandomWindow(Random random, Span<int> window)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (window.Length == 0 || window.Length > TokenCount)
        {
            throw new ArgumentException($"A window of {window.Length} tokens does not fit in token shard {Path} of {TokenCount} tokens.", nameof(window));
        }

        var start = random.NextInt64(TokenCount - window.Length + 1);
        ReadTokens(start, window);
        return start;
    }

    /// <summary>The text tokens of one document (without its leading <c>&lt;|endoftext|&gt;</c>).</summary>
    public int[] ReadDocument(TokenShardDocument document)
    {
        var tokens = new int[document.TextLength];
        ReadTokens(document.TextStart, tokens);
        return tokens;
    }

    /// <summary>The document a token position belongs to (a document's leading <c>&lt;|endoftext|&gt;</c> belongs to it).</summary>
    public TokenShardDocument DocumentAt(long position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, TokenCount);
        if (_documentStarts.Length == 0)
        {
            throw new InvalidOperationException($"Token shard {Path} has no document index (a plain llm.c file).");
        }

        var found = Array.BinarySearch(_documentStarts, position);
        return Documents[found >= 0 ? found : ~found - 1];
    }

    /// <summary>Releases the memory map.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }

    private static List<TokenShardDocument> ReadIndex(string tokenFilePath, TokenShardHeader header)
    {
        var indexPath = TokenShardLayout.IndexPathFor(tokenFilePath);
        if (!File.Exists(indexPath))
        {
            throw new TokenShardFormatException(tokenFilePath, $"its document index {indexPath} is missing.");
        }

        var bytes = File.ReadAllBytes(indexPath);
        if (bytes.Length < 48 || BinaryPrimitives.ReadInt32LittleEndian(bytes) != TokenShardLayout.IndexMagic)
        {
            throw new TokenShardFormatException(indexPath, "not a document index (bad magic number or shorter than its 48-byte header).");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version != TokenShardLayout.IndexVersion)
        {
            throw new TokenShardFormatException(indexPath, $"unknown document index version {version}.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (count != header.DocumentCount)
        {
            throw new TokenShardFormatException(indexPath, $"lists {count} documents but the token file's header says {header.DocumentCount}.");
        }

        if (Convert.ToHexStringLower(bytes.AsSpan(16, 32)) != header.TokenizerId)
        {
            throw new TokenShardFormatException(indexPath, "names a different tokenizer than its token file.");
        }

        var documents = new List<TokenShardDocument>(count);
        var offset = 48;
        long expectedStart = 0;
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var i = 0; i < count; i++)
        {
            if (offset + 16 > bytes.Length)
            {
                throw new TokenShardFormatException(indexPath, $"ends inside document record {i}.");
            }

            var start = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset));
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 8));
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 12));
            offset += 16;
            if (start != expectedStart || length < 1 || idLength < 1 || offset + idLength > bytes.Length)
            {
                throw new TokenShardFormatException(indexPath, $"document record {i} is inconsistent (start {start}, expected {expectedStart}; length {length}; id of {idLength} bytes).");
            }

            documents.Add(new TokenShardDocument(utf8.GetString(bytes, offset, idLength), start, length));
            offset += idLength;
            expectedStart += length;
        }

        if (expectedStart != header.TokenCount || offset != bytes.Length)
        {
            throw new TokenShardFormatException(indexPath, $"its documents cover {expectedStart} tokens but the token file has {header.TokenCount}, or bytes are left over.");
        }

        return documents;
    }
}

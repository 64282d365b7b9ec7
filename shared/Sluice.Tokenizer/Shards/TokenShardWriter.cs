using System.Buffers.Binary;
using System.Text;

namespace Sluice.Tokenizer.Shards;

/// <summary>
/// Writes one token shard: <c>x.bin</c> (llm.c's layout: a 256-word header, then the ids) and its document index
/// <c>x.docs</c>. Every document is written as <c>&lt;|endoftext|&gt;</c> followed by its tokens. Both files are
/// written under temporary names and appear only when <see cref="Complete"/> succeeds; disposing an incomplete
/// writer deletes them. Not thread-safe: one writer per output shard.
/// </summary>
public sealed class TokenShardWriter : IDisposable
{
    private const int BufferTokens = 1 << 14;

    private readonly string _tokenPath;
    private readonly string _indexPath;
    private readonly string _tokenTempPath;
    private readonly string _indexTempPath;
    private readonly TokenShardWriterOptions _options;
    private readonly FileStream _tokens;
    private readonly FileStream _index;
    private readonly byte[] _buffer;
    private readonly int _bytesPerToken;
    private readonly HashSet<string> _documentIds = new(StringComparer.Ordinal);
    private int _buffered;
    private bool _completed;
    private bool _disposed;

    /// <summary>Starts a shard at <paramref name="tokenFilePath"/> (conventionally ending in <c>.bin</c>).</summary>
    public TokenShardWriter(string tokenFilePath, TokenShardWriterOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenFilePath);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!tokenFilePath.EndsWith(TokenShardLayout.TokenFileExtension, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A token shard's file name must end in {TokenShardLayout.TokenFileExtension}: {tokenFilePath}", nameof(tokenFilePath));
        }

        _options = options;
        _tokenPath = tokenFilePath;
        _indexPath = TokenShardLayout.IndexPathFor(tokenFilePath);
        _tokenTempPath = _tokenPath + ".partial";
        _indexTempPath = _indexPath + ".partial";
        _bytesPerToken = options.VocabularySize <= 65536 ? 2 : 4;
        _buffer = new byte[BufferTokens * _bytesPerToken];
        _tokens = new FileStream(_tokenTempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _tokens.Write(new byte[TokenShardLayout.HeaderBytes]);
        _index = new FileStream(_indexTempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _index.Write(new byte[16 + 32]);
    }

    /// <summary>Tokens written so far, the <c>&lt;|endoftext|&gt;</c> before each document included.</summary>
    public long TokenCount { get; private set; }

    /// <summary>Documents written so far.</summary>
    public int DocumentCount { get; private set; }

    /// <summary>
    /// Appends a document: <c>&lt;|endoftext|&gt;</c>, then <paramref name="tokens"/>. Ids must be below the
    /// vocabulary size; document ids must be unique within the shard.
    /// </summary>
    public void AddDocument(string documentId, ReadOnlySpan<int> tokens)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException($"Token shard {_tokenPath} is already complete.");
        }

        ArgumentException.ThrowIfNullOrEmpty(documentId);
        if (!_documentIds.Add(documentId))
        {
            throw new ArgumentException($"Document '{documentId}' is already in token shard {_tokenPath}.", nameof(documentId));
        }

        var length = (long)tokens.Length + 1;
        if (TokenCount + length > int.MaxValue)
        {
            throw new InvalidOperationException($"Token shard {_tokenPath} would exceed {int.MaxValue} tokens (the header stores an int32 count); start a new shard.");
        }

        var vocabulary = _options.VocabularySize;
        foreach (var token in tokens)
        {
            if ((uint)token >= (uint)vocabulary)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Document '{documentId}' has token id {token}, outside the vocabulary of {vocabulary}.");
            }
        }

        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(record, TokenCount);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], (int)length);
        var idBytes = Encoding.UTF8.GetBytes(documentId);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], idBytes.Length);
        _index.Write(record);
        _index.Write(idBytes);

        Append(_options.EndOfTextToken);
        foreach (var token in tokens)
        {
            Append(token);
        }

        TokenCount += length;
        DocumentCount++;
    }

    /// <summary>Writes the header and the index, closes both files and moves them to their final names.</summary>
    public TokenShardHeader Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException($"Token shard {_tokenPath} is already complete.");
        }

        Flush();
        var header = new TokenShardHeader(
            _bytesPerToken == 2 ? TokenShardLayout.VersionUInt16 : TokenShardLayout.VersionUInt32,
            TokenCount,
            DocumentCount,
            _options.EndOfTextToken,
            _options.VocabularySize,
            _options.Split,
            (int)Math.Round(_options.ValidationFraction * 1_000_000),
            _options.TokenizerId);
        var tokenizerId = Convert.FromHexString(_options.TokenizerId);

        var headerBytes = new byte[TokenShardLayout.HeaderBytes];
        var words = new int[]
        {
            TokenShardLayout.Magic, header.Version, (int)TokenCount, TokenShardLayout.SluiceMarker,
            DocumentCount, header.EndOfTextToken, header.VocabularySize, (int)header.Split, header.ValidationPartsPerMillion,
        };
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(headerBytes.AsSpan(i * 4), words[i]);
        }

        tokenizerId.CopyTo(headerBytes.AsSpan(TokenShardHeaderCodec.TokenizerIdOffset));
        _tokens.Position = 0;
        _tokens.Write(headerBytes);
        _tokens.Flush(flushToDisk: true);
        _tokens.Dispose();

        var indexHeader = new byte[16 + 32];
        BinaryPrimitives.WriteInt32LittleEndian(indexHeader, TokenShardLayout.IndexMagic);
        BinaryPrimitives.WriteInt32LittleEndian(indexHeader.AsSpan(4), TokenShardLayout.IndexVersion);
        BinaryPrimitives.WriteInt32LittleEndian(indexHeader.AsSpan(8), DocumentCount);
        tokenizerId.CopyTo(indexHeader.AsSpan(16));
        _index.Position = 0;
        _index.Write(indexHeader);
        _index.Flush(flushToDisk: true);
        _index.Dispose();

        File.Move(_indexTempPath, _indexPath, overwrite: true);
        File.Move(_tokenTempPath, _tokenPath, overwrite: true);
        _completed = true;
        return header;
    }

    /// <summary>Closes the files; a shard that was not completed is deleted.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_completed)
        {
            _tokens.Dispose();
            _index.Dispose();
            File.Delete(_tokenTempPath);
            File.Delete(_indexTempPath);
        }
    }

    private void Append(int token)
    {
        if (_bytesPerToken == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_buffered * 2), (ushort)token);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffered * 4), token);
        }

        if (++_buffered == BufferTokens)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _tokens.Write(_buffer, 0, _buffered * _bytesPerToken);
        _buffered = 0;
    }
}

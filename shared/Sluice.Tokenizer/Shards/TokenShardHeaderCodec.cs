using System.Buffers.Binary;

namespace Sluice.Tokenizer.Shards;

/// <summary>Reads and checks the 1,024-byte header of a token file.</summary>
internal static class TokenShardHeaderCodec
{
    /// <summary>Byte offset of the 32-byte tokenizer id (header words 16–23).</summary>
    public const int TokenizerIdOffset = 16 * sizeof(int);

    public static TokenShardHeader Read(string path, ReadOnlySpan<byte> header, long fileLength)
    {
        if (header.Length < TokenShardLayout.HeaderBytes)
        {
            throw new TokenShardFormatException(path, $"the file has {fileLength} bytes, less than the {TokenShardLayout.HeaderBytes}-byte header.");
        }

        Span<int> words = stackalloc int[16];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadInt32LittleEndian(header[(i * 4)..]);
        }

        if (words[0] != TokenShardLayout.Magic)
        {
            throw new TokenShardFormatException(path, $"bad magic number {words[0]} (expected {TokenShardLayout.Magic}).");
        }

        var version = words[1];
        if (version is not (TokenShardLayout.VersionUInt16 or TokenShardLayout.VersionUInt32))
        {
            throw new TokenShardFormatException(path, $"unknown version {version} (known: {TokenShardLayout.VersionUInt16} = uint16 ids, {TokenShardLayout.VersionUInt32} = uint32 ids).");
        }

        var tokenCount = words[2];
        var bytesPerToken = version == TokenShardLayout.VersionUInt16 ? 2 : 4;
        if (tokenCount < 0 || TokenShardLayout.HeaderBytes + ((long)tokenCount * bytesPerToken) != fileLength)
        {
            throw new TokenShardFormatException(path, $"the header announces {tokenCount} tokens of {bytesPerToken} bytes, but the file has {fileLength} bytes (expected {TokenShardLayout.HeaderBytes + ((long)tokenCount * bytesPerToken)}).");
        }

        if (words[3] != TokenShardLayout.SluiceMarker)
        {
            return new TokenShardHeader(version, tokenCount, 0, -1, 0, TokenSplit.Unsplit, 0, null);
        }

        var split = (TokenSplit)words[7];
        if (!Enum.IsDefined(split))
        {
            throw new TokenShardFormatException(path, $"unknown split {words[7]} in header word 7.");
        }

        var tokenizerId = Convert.ToHexStringLower(header.Slice(TokenizerIdOffset, 32));
        return new TokenShardHeader(version, tokenCount, words[4], words[5], words[6], split, words[8], tokenizerId);
    }
}

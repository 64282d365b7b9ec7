namespace Sluice.Tokenizer.Shards;

/// <summary>The constants of the token shard format (docs/token-shards.md).</summary>
public static class TokenShardLayout
{
    /// <summary>llm.c's magic number, header word 0.</summary>
    public const int Magic = 20240520;

    /// <summary>Header word 1 when ids are uint16 (llm.c's own version 1; any vocabulary of at most 65,536 ids).</summary>
    public const int VersionUInt16 = 1;

    /// <summary>Header word 1 when ids are uint32 (a Sluice extension for vocabularies above 65,536 ids).</summary>
    public const int VersionUInt32 = 2;

    /// <summary>Header word 3 when Sluice's fields (words 4–15) are present: the bytes "SLUI" read little-endian.</summary>
    public const int SluiceMarker = 0x49554C53;

    /// <summary>Number of int32 words in the header.</summary>
    public const int HeaderWords = 256;

    /// <summary>Header size in bytes; token ids start at this offset.</summary>
    public const int HeaderBytes = HeaderWords * sizeof(int);

    /// <summary>Magic number of the document index file (<c>.docs</c>): the bytes "SLDX" read little-endian.</summary>
    public const int IndexMagic = 0x58444C53;

    /// <summary>Version of the document index file.</summary>
    public const int IndexVersion = 1;

    /// <summary>The file extension of the token file.</summary>
    public const string TokenFileExtension = ".bin";

    /// <summary>The file extension of the document index that sits next to the token file.</summary>
    public const string IndexFileExtension = ".docs";

    /// <summary>The path of the document index that belongs to a token file (<c>x.bin</c> → <c>x.docs</c>).</summary>
    public static string IndexPathFor(string tokenFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenFilePath);
        return Path.ChangeExtension(tokenFilePath, IndexFileExtension);
    }
}

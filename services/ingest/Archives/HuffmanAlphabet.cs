namespace Sluice.Ingest.Archives;

/// <summary>Which of deflate's three alphabets (RFC 1951 section 3.2.5 and 3.2.7) a <see cref="HuffmanDecodeTable"/> codes.</summary>
internal enum HuffmanAlphabet
{
    /// <summary>Literal bytes, end-of-block and match lengths (symbols 0 to 287).</summary>
    LiteralLength,

    /// <summary>Match distances (symbols 0 to 31).</summary>
    Distance,

    /// <summary>The code lengths of a dynamic block's two codes (symbols 0 to 18).</summary>
    CodeLength,
}

namespace Sluice.Ingest.Archives;

/// <summary>Where <see cref="DeflateDecoder"/> stands in a deflate stream between two calls.</summary>
internal enum DeflateBlockState
{
    /// <summary>Before a block's 3-bit header (or, after the final block, at the end).</summary>
    BlockHeader,

    /// <summary>Inside a stored block, copying its remaining bytes.</summary>
    Stored,

    /// <summary>Inside a fixed or dynamic Huffman block, decoding symbols.</summary>
    Huffman,

    /// <summary>The final block has been decoded; the input stands on the byte after the deflate data.</summary>
    Done,
}

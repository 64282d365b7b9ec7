using System.Text;

namespace Sluice.Ingest.Text;

/// <summary>A decoder fallback that replaces each undecodable byte sequence by U+FFFD and counts the bytes it replaced.</summary>
internal sealed class UndecodableByteFallback : DecoderFallback
{
    /// <summary>Bytes replaced so far.</summary>
    public long Count { get; set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new UndecodableByteFallbackBuffer(this);
}

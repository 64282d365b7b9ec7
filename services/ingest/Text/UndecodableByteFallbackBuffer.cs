using System.Text;

namespace Sluice.Ingest.Text;

/// <summary>The buffer behind <see cref="UndecodableByteFallback"/>: yields one U+FFFD per undecodable sequence.</summary>
internal sealed class UndecodableByteFallbackBuffer(UndecodableByteFallback owner) : DecoderFallbackBuffer
{
    private bool _pending;

    public override int Remaining => _pending ? 1 : 0;

    public override bool Fallback(byte[] bytesUnknown, int index)
    {
        owner.Count += bytesUnknown.Length;
        _pending = true;
        return true;
    }

    public override char GetNextChar()
    {
        if (!_pending)
        {
            return '\0';
        }

        _pending = false;
        return '\uFFFD';
    }

    public override bool MovePrevious() => false;

    public override void Reset() => _pending = false;
}

namespace Sluice.Ingest.Tests;

/// <summary>
/// Writes one final fixed-Huffman deflate block (RFC 1951 section 3.2.6) from literals and matches chosen by the test,
/// so that match distances, lengths and positions (and symbols deflate forbids) are exactly what a test needs, which
/// no compressor promises. It also keeps the bytes the block decodes to.
/// </summary>
internal sealed class FixedHuffmanWriter
{
    private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly int[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    private readonly MemoryStream _bytes = new();
    private readonly List<byte> _decoded = [];
    private ulong _bits;
    private int _bitCount;

    public FixedHuffmanWriter()
    {
        Bits(1, 1);
        Bits(1, 2);
    }

    /// <summary>What the block decodes to so far.</summary>
    public int DecodedLength => _decoded.Count;

    public void Literal(byte value)
    {
        Symbol(value);
        _decoded.Add(value);
    }

    public void Literals(ReadOnlySpan<byte> values)
    {
        foreach (var value in values)
        {
            Literal(value);
        }
    }

    /// <summary>A match of <paramref name="length"/> (3-258) bytes from <paramref name="distance"/> (1-32768) back.</summary>
    public void Match(int length, int distance)
    {
        var lengthCode = Array.FindLastIndex(LengthBase, b => b <= length);
        Symbol(257 + lengthCode);
        Bits((uint)(length - LengthBase[lengthCode]), LengthExtra[lengthCode]);
        var distanceCode = Array.FindLastIndex(DistanceBase, b => b <= distance);
        Code((uint)distanceCode, 5);
        Bits((uint)(distance - DistanceBase[distanceCode]), DistanceExtra[distanceCode]);
        for (var i = 0; i < length; i++)
        {
            _decoded.Add(distance <= _decoded.Count ? _decoded[^distance] : (byte)0);
        }
    }

    /// <summary>A literal/length symbol as it is, valid or not (286 and 287 have fixed codes but no meaning).</summary>
    public void Symbol(int symbol)
    {
        switch (symbol)
        {
            case < 144:
                Code((uint)(0x30 + symbol), 8);
                break;
            case < 256:
                Code((uint)(0x190 + symbol - 144), 9);
                break;
            case < 280:
                Code((uint)(symbol - 256), 7);
                break;
            default:
                Code((uint)(0xC0 + symbol - 280), 8);
                break;
        }
    }

    /// <summary>A raw 5-bit distance code, valid or not (30 and 31 have no meaning).</summary>
    public void DistanceCode(int code) => Code((uint)code, 5);

    /// <summary>Ends the block (end-of-block, then padding to a byte) and returns the deflate data and what it decodes to.</summary>
    public (byte[] Deflate, byte[] Decoded) Finish()
    {
        Symbol(256);
        Bits(0, (8 - (_bitCount & 7)) & 7);
        return (_bytes.ToArray(), _decoded.ToArray());
    }

    // Huffman codes go most significant bit first (RFC 1951 section 3.1.1), everything else least significant first.
    private void Code(uint code, int length)
    {
        uint reversed = 0;
        for (var i = 0; i < length; i++)
        {
            reversed = (reversed << 1) | ((code >> i) & 1);
        }

        Bits(reversed, length);
    }

    private void Bits(uint value, int count)
    {
        _bits |= (ulong)value << _bitCount;
        _bitCount += count;
        while (_bitCount >= 8)
        {
            _bytes.WriteByte((byte)_bits);
            _bits >>= 8;
            _bitCount -= 8;
        }
    }
}

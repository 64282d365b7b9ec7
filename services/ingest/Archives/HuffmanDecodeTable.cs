using System.Runtime.CompilerServices;

namespace Sluice.Ingest.Archives;

/// <summary>
/// A canonical Huffman code (RFC 1951 section 3.2.2) built from code lengths. <see cref="Decode"/> (the careful path, any
/// input) decodes codes up to <see cref="FastBits"/> bits with one table look-up and walks the code lengths one bit at a
/// time for longer (rare) codes. For literal/length and distance codes it also builds <see cref="Entries"/>, a two-level
/// table for <see cref="DeflateDecoder"/>'s fast loop whose entries pack what a symbol means in deflate (a literal byte,
/// or a length or distance base with its count of extra bits), so one look-up gives all the bits to consume.
/// </summary>
internal sealed class HuffmanDecodeTable
{
    public const int MaxBits = 15;

    /// <summary>What <see cref="Decode"/> returns for bits that are no code of the table.</summary>
    public const int Invalid = -1;

    /// <summary>What <see cref="Decode"/> returns when the input ends inside a code.</summary>
    public const int Truncated = -2;
    private const int FastBits = 10;

    /// <summary>Entry kind: a literal byte (value) of code length bits.</summary>
    public const uint LiteralKind = 0;

    /// <summary>Entry kind: a length or distance base (value) whose extra bits follow the code; consume all entry bits.</summary>
    public const uint BaseKind = 1 << 12;

    /// <summary>Entry kind: a second-level table at offset value, indexed by the next entry-bits bits after the root.</summary>
    public const uint SubtableKind = 2 << 12;

    /// <summary>Entry kind: anything the fast loop leaves to the careful path (end-of-block, a symbol deflate forbids, no code).</summary>
    public const uint OtherKind = 3 << 12;

    /// <summary>The bits of an entry that hold its kind.</summary>
    public const uint KindMask = 3 << 12;

    // Length and distance symbols (RFC 1951 section 3.2.5): base value and count of extra bits.
    internal static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    internal static readonly byte[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    internal static readonly ushort[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    internal static readonly byte[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    private readonly HuffmanAlphabet _alphabet;

    // An entry is symbol << 4 | code length; 0 means "not a code of FastBits bits or fewer".
    private readonly int[] _fast = new int[1 << FastBits];
    private readonly short[] _countPerLength = new short[MaxBits + 1];
    private readonly short[] _symbolsByCode;
    private int _longestCode;

    public HuffmanDecodeTable(HuffmanAlphabet alphabet)
    {
        _alphabet = alphabet;
        _symbolsByCode = new short[alphabet switch
        {
            HuffmanAlphabet.LiteralLength => 288,
            HuffmanAlphabet.Distance => 32,
            _ => 19,
        }];
        RootBits = alphabet == HuffmanAlphabet.LiteralLength ? 10 : 8;
        Entries = alphabet == HuffmanAlphabet.CodeLength ? [] : new uint[(1 << RootBits) + 256];
    }

    /// <summary>
    /// The packed table (literal/length and distance codes only): entry [bits &amp; (2^<see cref="RootBits"/> - 1)], or
    /// for a <see cref="SubtableKind"/> entry, [value + (bits &gt;&gt; RootBits &amp; (2^entry bits - 1))]. An entry is
    /// value &lt;&lt; 16 | kind | code length &lt;&lt; 8 | bits to consume (code length plus extra bits).
    /// </summary>
    public uint[] Entries { get; private set; }

    /// <summary>How many bits index the first level of <see cref="Entries"/>.</summary>
    public int RootBits { get; }

    /// <summary>Builds the code from <paramref name="lengths"/>; false when the lengths over-subscribe the code space (not a prefix code).</summary>
    public bool TryBuild(ReadOnlySpan<byte> lengths)
    {
        Array.Clear(_fast);
        Array.Clear(_countPerLength);
        foreach (var length in lengths)
        {
            _countPerLength[length]++;
        }

        _countPerLength[0] = 0;
        var left = 1;
        _longestCode = 0;
        for (var length = 1; length <= MaxBits; length++)
        {
            left = (left << 1) - _countPerLength[length];
            if (left < 0)
            {
                return false;
            }

            if (_countPerLength[length] > 0)
            {
                _longestCode = length;
            }
        }

        Span<int> offsets = stackalloc int[MaxBits + 2];
        Span<int> nextCode = stackalloc int[MaxBits + 2];
        // Codes bit-reversed: deflate sends them most significant bit first, the reader takes bits least significant first.
        Span<int> reversedCodes = stackalloc int[lengths.Length];
        var code = 0;
        for (var length = 1; length <= MaxBits; length++)
        {
            offsets[length + 1] = offsets[length] + _countPerLength[length];
            code = (code + _countPerLength[length - 1]) << 1;
            nextCode[length] = code;
        }

        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            _symbolsByCode[offsets[length]++] = (short)symbol;
            var reversed = Reverse(nextCode[length]++, length);
            reversedCodes[symbol] = reversed;
            if (length <= FastBits)
            {
                for (var index = reversed; index < _fast.Length; index += 1 << length)
                {
                    _fast[index] = (symbol << 4) | length;
                }
            }
        }

        if (_alphabet != HuffmanAlphabet.CodeLength)
        {
            BuildEntries(lengths, reversedCodes);
        }

        return true;
    }

    private void BuildEntries(ReadOnlySpan<byte> lengths, ReadOnlySpan<int> reversedCodes)
    {
        // A root entry whose codes are longer than the root points to a second-level table as wide as its longest code needs.
        var rootSize = 1 << RootBits;
        Span<byte> subtableBits = stackalloc byte[rootSize];
        subtableBits.Clear();
        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length > RootBits)
            {
                var prefix = reversedCodes[symbol] & (rootSize - 1);
                subtableBits[prefix] = (byte)Math.Max(subtableBits[prefix], length - RootBits);
            }
        }

        var size = rootSize;
        foreach (var bits in subtableBits)
        {
            size += bits == 0 ? 0 : 1 << bits;
        }

        if (Entries.Length < size)
        {
            Entries = new uint[size];
        }

        var entries = Entries;
        entries.AsSpan(0, size).Fill(OtherKind);
        var next = rootSize;
        for (var prefix = 0; prefix < rootSize; prefix++)
        {
            if (subtableBits[prefix] != 0)
            {
                entries[prefix] = ((uint)next << 16) | SubtableKind | subtableBits[prefix];
                next += 1 << subtableBits[prefix];
            }
        }

        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            var entry = Entry(symbol, length);
            var reversed = reversedCodes[symbol];
            if (length <= RootBits)
            {
                for (var index = reversed; index < rootSize; index += 1 << length)
                {
                    entries[index] = entry;
                }
            }
            else
            {
                var pointer = entries[reversed & (rootSize - 1)];
                var offset = (int)(pointer >> 16);
                var width = 1 << (int)(pointer & 0xFF);
                for (var index = reversed >> RootBits; index < width; index += 1 << (length - RootBits))
                {
                    entries[offset + index] = entry;
                }
            }
        }
    }

    private uint Entry(int symbol, int length)
    {
        var codeLength = (uint)length << 8;
        if (_alphabet == HuffmanAlphabet.Distance)
        {
            return symbol < 30
                ? ((uint)DistanceBase[symbol] << 16) | BaseKind | codeLength | (uint)(length + DistanceExtra[symbol])
                : OtherKind | codeLength | (uint)length;
        }

        if (symbol < 256)
        {
            return ((uint)symbol << 16) | LiteralKind | codeLength | (uint)length;
        }

        return symbol is > 256 and < 286
            ? ((uint)LengthBase[symbol - 257] << 16) | BaseKind | codeLength | (uint)(length + LengthExtra[symbol - 257])
            : OtherKind | codeLength | (uint)length;
    }

    /// <summary>
    /// Decodes one symbol from the reader's bits: the symbol, <see cref="Invalid"/> when the bits are no code of this
    /// table, or <see cref="Truncated"/> when the input ends inside the code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(InflateBitReader input)
    {
        var entry = _fast[input.Peek(FastBits)];
        var length = entry & 15;
        if (entry != 0 && length <= input.BitCount)
        {
            input.Drop(length);
            return entry >> 4;
        }

        return entry != 0 ? Truncated : DecodeLong(input);
    }

    private int DecodeLong(InflateBitReader input)
    {
        var bits = input.Peek(MaxBits);
        int code = 0, first = 0, index = 0;
        for (var length = 1; length <= _longestCode; length++)
        {
            code |= (int)(bits & 1);
            bits >>= 1;
            int count = _countPerLength[length];
            if (code - first < count)
            {
                if (length > input.BitCount)
                {
                    return Truncated;
                }

                input.Drop(length);
                return _symbolsByCode[index + code - first];
            }

            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }

        return _longestCode > input.BitCount ? Truncated : Invalid;
    }

    private static int Reverse(int code, int length)
    {
        var reversed = 0;
        for (var i = 0; i < length; i++)
        {
            reversed = (reversed << 1) | (code & 1);
            code >>= 1;
        }

        return reversed;
    }
}

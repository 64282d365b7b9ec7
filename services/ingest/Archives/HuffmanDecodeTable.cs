using System.Runtime.CompilerServices;

namespace Sluice.Ingest.Archives;

/// <summary>
/// A canonical Huffman code (RFC 1951 section 3.2.2) built from code lengths. Codes up to <see cref="FastBits"/> bits
/// are decoded with one table look-up; longer (rare) codes fall back to walking the code lengths one bit at a time.
/// </summary>
internal sealed class HuffmanDecodeTable
{
    public const int MaxBits = 15;

    /// <summary>What <see cref="Decode"/> returns for bits that are no code of the table.</summary>
    public const int Invalid = -1;

    /// <summary>What <see cref="Decode"/> returns when the input ends inside a code.</summary>
    public const int Truncated = -2;
    private const int FastBits = 10;

    // An entry is symbol << 4 | code length; 0 means "not a code of FastBits bits or fewer".
    private readonly int[] _fast = new int[1 << FastBits];
    private readonly short[] _countPerLength = new short[MaxBits + 1];
    private readonly short[] _symbolsByCode;
    private int _longestCode;

    public HuffmanDecodeTable(int maxSymbols)
    {
        _symbolsByCode = new short[maxSymbols];
    }

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
            var assigned = nextCode[length]++;
            if (length <= FastBits)
            {
                var reversed = Reverse(assigned, length);
                for (var index = reversed; index < _fast.Length; index += 1 << length)
                {
                    _fast[index] = (symbol << 4) | length;
                }
            }
        }

        return true;
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

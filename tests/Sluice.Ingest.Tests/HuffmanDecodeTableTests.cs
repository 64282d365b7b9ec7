using Sluice.Ingest.Archives;

namespace Sluice.Ingest.Tests;

/// <summary>
/// The packed two-level table the fast loop reads: every code, of every length up to 15 bits (past the root, so through
/// a second-level table), looked up with arbitrary bits after it, gives its symbol's meaning and the bits to consume.
/// </summary>
public sealed class HuffmanDecodeTableTests
{
    private static readonly int[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly int[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly int[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_literal_length_code_looks_up_to_its_meaning(int seed)
    {
        var random = new Random(seed);
        var lengths = RandomCode(random, 288);
        var table = new HuffmanDecodeTable(HuffmanAlphabet.LiteralLength);
        Assert.True(table.TryBuild(lengths));
        foreach (var (symbol, code) in CanonicalCodes(lengths))
        {
            var extraCount = symbol is > 256 and < 286 ? LengthExtra[symbol - 257] : 0;
            var extra = (ulong)random.Next(1 << extraCount);
            var entry = Lookup(table, code | (extra << lengths[symbol]) | ((ulong)random.NextInt64() << (lengths[symbol] + extraCount)));
            var kind = entry & HuffmanDecodeTable.KindMask;
            if (symbol < 256)
            {
                Assert.Equal(HuffmanDecodeTable.LiteralKind, kind);
                Assert.Equal((uint)symbol, entry >> 16);
                Assert.Equal(lengths[symbol], (int)(entry & 0xFF));
            }
            else if (symbol is 256 or 286 or 287)
            {
                Assert.Equal(HuffmanDecodeTable.OtherKind, kind);
            }
            else
            {
                Assert.Equal(HuffmanDecodeTable.BaseKind, kind);
                Assert.Equal(LengthBase[symbol - 257], (int)(entry >> 16));
                Assert.Equal(lengths[symbol], (int)((entry >> 8) & 0xF));
                Assert.Equal(lengths[symbol] + extraCount, (int)(entry & 0xFF));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_distance_code_looks_up_to_its_base_and_extra_bits_and_unused_bit_patterns_are_left_to_the_careful_path(int seed)
    {
        var random = new Random(seed);
        var lengths = RandomCode(random, 32);
        var table = new HuffmanDecodeTable(HuffmanAlphabet.Distance);
        Assert.True(table.TryBuild(lengths));
        var codes = CanonicalCodes(lengths);
        foreach (var (symbol, code) in codes)
        {
            var entry = Lookup(table, code | ((ulong)random.NextInt64() << lengths[symbol]));
            if (symbol >= 30)
            {
                Assert.Equal(HuffmanDecodeTable.OtherKind, entry & HuffmanDecodeTable.KindMask);
                continue;
            }

            Assert.Equal(HuffmanDecodeTable.BaseKind, entry & HuffmanDecodeTable.KindMask);
            Assert.Equal(DistanceBase[symbol], (int)(entry >> 16));
            Assert.Equal(lengths[symbol] + DistanceExtra[symbol], (int)(entry & 0xFF));
        }

        // An incomplete code (one distance code of one bit, RFC 1951 section 3.2.7) leaves the other half as no code.
        var single = new byte[32];
        single[seed % 30] = 1;
        Assert.True(table.TryBuild(single));
        Assert.Equal(HuffmanDecodeTable.BaseKind, Lookup(table, 0) & HuffmanDecodeTable.KindMask);
        Assert.Equal(HuffmanDecodeTable.OtherKind, Lookup(table, 1) & HuffmanDecodeTable.KindMask);
    }

    // The fast loop's look-up: the root by the low bits, then a second-level table by the bits after the root.
    private static uint Lookup(HuffmanDecodeTable table, ulong bits)
    {
        var entry = table.Entries[(int)(bits & ((1UL << table.RootBits) - 1))];
        if ((entry & HuffmanDecodeTable.KindMask) == HuffmanDecodeTable.SubtableKind)
        {
            entry = table.Entries[(int)(entry >> 16) + (int)((bits >> table.RootBits) & ((1UL << (int)(entry & 0xFF)) - 1))];
        }

        return entry;
    }

    /// <summary>A complete prefix code over <paramref name="symbols"/> symbols with code lengths from 1 up to 15.</summary>
    private static byte[] RandomCode(Random random, int symbols)
    {
        // Split code space: start from one code of length 0 and repeatedly lengthen a random code into two.
        var codeLengths = new List<int> { 0 };
        while (codeLengths.Count < symbols && codeLengths.Count < (symbols == 32 ? 32 : 200))
        {
            var candidates = Enumerable.Range(0, codeLengths.Count).Where(i => codeLengths[i] < 15).ToList();
            // Favour the longest codes half the time, so that 12 to 15-bit codes (second-level tables) are common.
            var pick = random.Next(2) == 0 ? candidates[random.Next(candidates.Count)] : candidates.MaxBy(i => codeLengths[i] * 1000 + random.Next(1000));
            var length = codeLengths[pick] + 1;
            codeLengths[pick] = length;
            codeLengths.Add(length);
        }

        var lengths = new byte[symbols];
        var order = Enumerable.Range(0, symbols).OrderBy(_ => random.Next()).ToArray();
        for (var i = 0; i < codeLengths.Count; i++)
        {
            lengths[order[i]] = (byte)codeLengths[i];
        }

        Assert.Contains(lengths, l => l > 10);
        return lengths;
    }

    /// <summary>Each used symbol's code (RFC 1951 section 3.2.2), bit-reversed as it sits in the reader's low bits.</summary>
    private static List<(int Symbol, ulong Code)> CanonicalCodes(byte[] lengths)
    {
        var count = new int[16];
        foreach (var length in lengths)
        {
            count[length]++;
        }

        count[0] = 0;
        var next = new int[16];
        var code = 0;
        for (var length = 1; length <= 15; length++)
        {
            code = (code + count[length - 1]) << 1;
            next[length] = code;
        }

        var codes = new List<(int, ulong)>();
        for (var symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            var value = next[length]++;
            ulong reversed = 0;
            for (var i = 0; i < length; i++)
            {
                reversed = (reversed << 1) | (uint)((value >> i) & 1);
            }

            codes.Add((symbol, reversed));
        }

        return codes;
    }
}

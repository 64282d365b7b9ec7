using System.Numerics;

namespace Sluice.Parquet.Encodings;

/// <summary>
/// Writes Parquet's RLE/bit-packed hybrid encoding: runs of eight or more equal values become RLE runs, everything
/// else goes into bit-packed groups of eight (the last group padded with zeros).
/// </summary>
internal static class RleHybridEncoder
{
    /// <summary>Bits needed to store values up to <paramref name="maxValue"/>.</summary>
    public static int BitWidth(int maxValue) => maxValue == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)maxValue);

    public static void Encode<T>(ReadOnlySpan<T> values, int bitWidth, ByteSink sink)
        where T : unmanaged, IBinaryInteger<T>
    {
        var n = values.Length;
        var i = 0;
        var literalStart = 0;
        while (i < n)
        {
            var value = values[i];
            var j = i + 1;
            while (j < n && values[j] == value)
            {
                j++;
            }

            var run = j - i;
            if (run < 8)
            {
                i = j;
                continue;
            }

            var literals = i - literalStart;
            if (literals > 0)
            {
                var pad = (8 - (literals % 8)) % 8;
                if (run - pad < 8)
                {
                    i = j;
                    continue;
                }

                BitPack(values.Slice(literalStart, literals + pad), bitWidth, sink);
                run -= pad;
            }

            sink.WriteUnsignedVarInt((ulong)run << 1);
            var raw = uint.CreateTruncating(value);
            for (var b = 0; b < (bitWidth + 7) / 8; b++)
            {
                sink.WriteByte((byte)(raw >> (8 * b)));
            }

            i = j;
            literalStart = j;
        }

        if (literalStart < n)
        {
            BitPack(values[literalStart..], bitWidth, sink);
        }
    }

    private static void BitPack<T>(ReadOnlySpan<T> values, int bitWidth, ByteSink sink)
        where T : unmanaged, IBinaryInteger<T>
    {
        var groups = (values.Length + 7) / 8;
        sink.WriteUnsignedVarInt(((ulong)groups << 1) | 1);
        var span = sink.GetSpan(groups * bitWidth);
        var o = 0;
        ulong accumulator = 0;
        var bits = 0;
        var total = groups * 8;
        for (var k = 0; k < total; k++)
        {
            var v = k < values.Length ? ulong.CreateTruncating(values[k]) : 0UL;
            accumulator |= v << bits;
            bits += bitWidth;
            while (bits >= 8)
            {
                span[o++] = (byte)accumulator;
                accumulator >>= 8;
                bits -= 8;
            }
        }

        sink.Advance(o);
    }
}

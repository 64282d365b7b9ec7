using System.Numerics;

namespace Sluice.Parquet.Encodings;

/// <summary>Reads Parquet's RLE/bit-packed hybrid encoding with every run checked against the bytes available.</summary>
internal static class RleHybridDecoder
{
    /// <summary>Fills <paramref name="output"/> from <paramref name="data"/>; returns the bytes consumed.</summary>
    public static int Decode<T>(ReadOnlySpan<byte> data, int bitWidth, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new InvalidDataException($"RLE bit width {bitWidth} is out of range");
        }

        var position = 0;
        var filled = 0;
        var valueBytes = (bitWidth + 7) / 8;
        var maxValue = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        while (filled < output.Length)
        {
            var header = ReadVarInt(data, ref position);
            if ((header & 1) == 0)
            {
                var count = (int)Math.Min(header >> 1, (ulong)(output.Length - filled));
                if (position + valueBytes > data.Length)
                {
                    throw new InvalidDataException("an RLE run's value runs past the end of its data");
                }

                uint raw = 0;
                for (var b = 0; b < valueBytes; b++)
                {
                    raw |= (uint)data[position + b] << (8 * b);
                }

                position += valueBytes;
                if (raw > maxValue)
                {
                    throw new InvalidDataException($"an RLE run's value {raw} does not fit its bit width {bitWidth}");
                }

                output.Slice(filled, count).Fill(T.CreateTruncating(raw));
                filled += count;
            }
            else
            {
                var groups = header >> 1;
                var declared = Math.Min(groups * 8, (ulong)(output.Length - filled));
                var count = (int)declared;
                var bytesNeeded = (((long)count * bitWidth) + 7) / 8;
                if (position + bytesNeeded > data.Length)
                {
                    throw new InvalidDataException("a bit-packed run runs past the end of its data");
                }

                Unpack(data.Slice(position), bitWidth, output.Slice(filled, count));
                filled += count;
                var groupBytes = (long)groups * bitWidth;
                position += (int)Math.Min(groupBytes, data.Length - position);
            }
        }

        return position;
    }

    /// <summary>Unpacks LSB-first bit-packed values.</summary>
    public static void Unpack<T>(ReadOnlySpan<byte> data, int bitWidth, Span<T> output)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }

        var mask = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
        ulong accumulator = 0;
        var bits = 0;
        var position = 0;
        for (var k = 0; k < output.Length; k++)
        {
            while (bits < bitWidth && bits <= 56)
            {
                accumulator |= (ulong)data[position++] << bits;
                bits += 8;
            }

            ulong value;
            if (bits >= bitWidth)
            {
                value = accumulator & mask;
                accumulator = bitWidth == 64 ? 0 : accumulator >> bitWidth;
                bits -= bitWidth;
            }
            else
            {
                // Widths above 56 bits: take what the accumulator holds, then the rest from the next byte.
                var next = (ulong)data[position++];
                value = (accumulator | (next << bits)) & mask;
                var used = bitWidth - bits;
                accumulator = next >> used;
                bits = 8 - used;
            }

            output[k] = T.CreateTruncating(value);
        }
    }

    public static ulong ReadVarInt(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("a varint runs past the end of its data");
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("a varint is longer than ten bytes");
    }
}

namespace Sluice.Parquet.Encodings;

/// <summary>Reads DELTA_BINARY_PACKED integers (parquet-format Encodings.md), with the header checked before any work.</summary>
internal static class DeltaBinaryPackedDecoder
{
    /// <summary>Reads only the value count from the header, to size the output.</summary>
    public static long PeekCount(ReadOnlySpan<byte> data)
    {
        var position = 0;
        RleHybridDecoder.ReadVarInt(data, ref position);
        RleHybridDecoder.ReadVarInt(data, ref position);
        return (long)Math.Min(RleHybridDecoder.ReadVarInt(data, ref position), long.MaxValue);
    }

    /// <summary>Decodes all values, which must number exactly <paramref name="output"/>.Length; returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> data, Span<long> output)
    {
        var position = 0;
        var blockSize = RleHybridDecoder.ReadVarInt(data, ref position);
        var miniblocks = RleHybridDecoder.ReadVarInt(data, ref position);
        var total = RleHybridDecoder.ReadVarInt(data, ref position);
        var first = ZigZag(RleHybridDecoder.ReadVarInt(data, ref position));
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > 1 << 20 || miniblocks == 0 || blockSize % miniblocks != 0
            || blockSize / miniblocks % 32 != 0)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED header is invalid (block size {blockSize}, {miniblocks} miniblocks)");
        }

        if (total != (ulong)output.Length)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED data holds {total} values but the page has {output.Length}");
        }

        if (output.Length == 0)
        {
            return position;
        }

        var perMiniblock = (int)(blockSize / miniblocks);
        output[0] = first;
        var filled = 1;
        var previous = first;
        Span<byte> widths = stackalloc byte[(int)Math.Min(miniblocks, 1024)];
        if ((int)miniblocks > widths.Length)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED declares {miniblocks} miniblocks per block");
        }

        var deltaBuffer = new long[perMiniblock];
        while (filled < output.Length)
        {
            var minDelta = ZigZag(RleHybridDecoder.ReadVarInt(data, ref position));
            if (position + (int)miniblocks > data.Length)
            {
                throw new InvalidDataException("DELTA_BINARY_PACKED bit widths run past the end of the data");
            }

            data.Slice(position, (int)miniblocks).CopyTo(widths);
            position += (int)miniblocks;
            for (var m = 0; m < (int)miniblocks && filled < output.Length; m++)
            {
                int width = widths[m];
                if (width > 64)
                {
                    throw new InvalidDataException($"DELTA_BINARY_PACKED miniblock bit width {width} exceeds 64");
                }

                var take = Math.Min(perMiniblock, output.Length - filled);
                var bytes = (long)perMiniblock * width / 8;
                var needed = (((long)take * width) + 7) / 8;
                if (position + needed > data.Length)
                {
                    throw new InvalidDataException("a DELTA_BINARY_PACKED miniblock runs past the end of the data");
                }

                RleHybridDecoder.Unpack(data.Slice(position), width, deltaBuffer.AsSpan(0, take));
                for (var k = 0; k < take; k++)
                {
                    previous = unchecked(previous + minDelta + deltaBuffer[k]);
                    output[filled++] = previous;
                }

                position += (int)Math.Min(bytes, data.Length - position);
            }
        }

        return position;
    }

    private static long ZigZag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);
}

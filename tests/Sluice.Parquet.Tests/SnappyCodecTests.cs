using Sluice.Parquet.Compression;

namespace Sluice.Parquet.Tests;

/// <summary>Snappy round trips and damaged elements, for input long enough to run the decoder's fast loop.</summary>
public class SnappyCodecTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Round_trips_mixed_literal_and_copy_input(double randomShare)
    {
        var random = new Random(7);
        var input = new byte[300_000];
        var phrase = "the quick brown fox jumps over the lazy dog, "u8.ToArray();
        for (var i = 0; i < input.Length; i++)
        {
            // Runs of random bytes give long literals in the middle of the buffer; the phrase gives copies.
            input[i] = (i / 1000) % 10 < randomShare * 10 ? (byte)random.Next(256) : phrase[i % phrase.Length];
        }

        var compressed = new byte[SnappyCodec.MaxCompressedLength(input.Length)];
        var length = SnappyCodec.Compress(input, compressed, new ushort[SnappyCodec.TableLength]);
        var output = new byte[input.Length];
        SnappyCodec.Decompress(compressed.AsSpan(0, length), output);
        Assert.Equal(input, output);
    }

    [Fact]
    public void A_long_literal_claiming_more_than_remains_is_rejected()
    {
        // Header: 200 bytes; a 64-byte literal of zeros (fast-loop margin is exceeded), then a long literal whose
        // two-byte length says 1000 bytes although only 136 remain in the output.
        var data = new List<byte> { 200, 1, 63 << 2 };
        data.AddRange(new byte[64]);
        data.AddRange([61 << 2, 0xE7, 0x03]);
        data.AddRange(new byte[200]);
        var error = Assert.Throws<InvalidDataException>(() => SnappyCodec.Decompress(data.ToArray(), new byte[200]));
        Assert.Contains("past the end", error.Message);
    }

    [Fact]
    public void A_copy_reaching_before_the_output_start_is_rejected()
    {
        // Header: 200 bytes; a 4-byte literal, then a two-byte-offset copy reaching 100 bytes back.
        var data = new List<byte> { 200, 1, 3 << 2, 1, 2, 3, 4, 2 | (9 << 2), 100, 0 };
        data.AddRange(new byte[200]);
        var error = Assert.Throws<InvalidDataException>(() => SnappyCodec.Decompress(data.ToArray(), new byte[200]));
        Assert.Contains("reaches outside the output", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_copy_with_offset_zero_or_past_the_output_written_so_far_is_rejected_in_the_fast_loop(int offset)
    {
        // Header: 200 bytes; a 4-byte literal, then a one-byte-offset copy (length 4) with the given offset: 0 is
        // never valid, and 5 reaches one byte before the start. 200 more bytes keep the decoder in its fast loop.
        var data = new List<byte> { 200, 1, 3 << 2, 1, 2, 3, 4, 1, (byte)offset };
        data.AddRange(new byte[200]);
        var error = Assert.Throws<InvalidDataException>(() => SnappyCodec.Decompress(data.ToArray(), new byte[200]));
        Assert.Contains("reaches outside the output", error.Message);
    }
}

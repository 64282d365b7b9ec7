using System.Text;
using Sluice.Ingest.Archives;

namespace Sluice.Ingest.Tests;

public sealed class Crc32Tests
{
    private static uint Of(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(data);
        return crc.Value;
    }

    // The check value of CRC-32/ISO-HDLC for "123456789" (Greg Cook's catalogue of parametrised CRC algorithms).
    [Fact]
    public void Known_check_value()
    {
        Assert.Equal(0xCBF43926u, Of(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Of([]));
    }

    [Fact]
    public void Folded_and_table_paths_agree_with_the_bit_at_a_time_definition_for_every_length_and_alignment()
    {
        var random = new Random(3720);
        var data = new byte[1500];
        random.NextBytes(data);
        for (var start = 0; start < 16; start++)
        {
            for (var length = 0; length <= 700; length += start % 2 == 0 ? 1 : 7)
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(BitAtATime(slice), Of(slice));
            }
        }
    }

    [Fact]
    public void Appending_in_pieces_gives_the_crc_of_the_whole()
    {
        var random = new Random(1952);
        var data = new byte[200_000];
        random.NextBytes(data);
        var expected = BitAtATime(data);
        for (var trial = 0; trial < 20; trial++)
        {
            var crc = new Crc32();
            var rest = data.AsSpan();
            while (!rest.IsEmpty)
            {
                var piece = Math.Min(rest.Length, random.Next(0, trial % 2 == 0 ? 300 : 70_000));
                crc.Append(rest[..piece]);
                rest = rest[piece..];
            }

            Assert.Equal(expected, crc.Value);
        }
    }

    [Fact]
    public void Runs_of_zeros_and_ones_match_the_definition()
    {
        foreach (var fill in new byte[] { 0x00, 0xFF })
        {
            foreach (var length in new[] { 64, 127, 128, 129, 4096, 65_536 })
            {
                var data = new byte[length];
                data.AsSpan().Fill(fill);
                Assert.Equal(BitAtATime(data), Of(data));
            }
        }
    }

    private static uint BitAtATime(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}

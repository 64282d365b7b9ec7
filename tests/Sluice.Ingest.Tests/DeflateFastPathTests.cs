using System.IO.Compression;
using Sluice.Ingest.Archives;

namespace Sluice.Ingest.Tests;

/// <summary>
/// The decoder's fast loop (used while 8 input bytes are buffered and the output has room for a whole match) against
/// streams written token by token: overlapping matches of every short distance, matches that end exactly at the edge
/// of the fast loop's output space and of the decoder's buffer, 32 KiB distances after the window slides, and damage
/// met inside the fast loop, which must be reported exactly as the careful path reports it.
/// </summary>
public sealed class DeflateFastPathTests
{
    private static byte[] Inflate(byte[] deflate, int bufferSize = 64 * 1024)
    {
        var decoder = new DeflateDecoder(new InflateBitReader(new MemoryStream(deflate)));
        var output = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = decoder.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static byte[] Reference(byte[] deflate)
    {
        using var inflater = new DeflateStream(new MemoryStream(deflate), CompressionMode.Decompress);
        var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public void Matches_of_every_distance_from_1_to_17_and_every_length_copy_their_own_output()
    {
        var random = new Random(1951);
        var writer = new FixedHuffmanWriter();
        var seed = new byte[40];
        random.NextBytes(seed);
        writer.Literals(seed);
        for (var distance = 1; distance <= 17; distance++)
        {
            for (var length = 3; length <= 258; length++)
            {
                writer.Match(length, distance);
                writer.Literal((byte)random.Next(256));
            }
        }

        var (deflate, decoded) = writer.Finish();
        Assert.Equal(decoded, Inflate(deflate));
        Assert.Equal(decoded, Reference(deflate));
    }

    [Fact]
    public void Matches_ending_at_every_offset_around_the_edges_of_the_output_space_decode_exactly()
    {
        // Long matches after 0 to 257 extra literals put a match end on every byte around the fast loop's limit, the
        // careful path's limit and the buffer's end, on the first fill and after each slide of the window.
        int[] distances = [1, 2, 7, 8, 15, 16, 17, 40];
        var random = new Random(258);
        var seed = new byte[40];
        random.NextBytes(seed);
        for (var shift = 0; shift < 258; shift++)
        {
            var writer = new FixedHuffmanWriter();
            writer.Literals(seed);
            for (var i = 0; i < shift; i++)
            {
                writer.Literal((byte)i);
            }

            for (var i = 0; writer.DecodedLength < 140_000; i++)
            {
                writer.Match(258, distances[i % distances.Length]);
            }

            var (deflate, decoded) = writer.Finish();
            Assert.Equal(decoded, Inflate(deflate, 1 + (shift * 997 % 70_000)));
        }
    }

    [Fact]
    public void Matches_reaching_the_full_32_KiB_back_read_the_right_bytes_across_window_slides()
    {
        for (var trial = 0; trial < 4; trial++)
        {
            var random = new Random(32768 + trial);
            var writer = new FixedHuffmanWriter();
            var start = new byte[32768 + trial];
            random.NextBytes(start);
            writer.Literals(start);
            while (writer.DecodedLength < 400_000)
            {
                switch (random.Next(4))
                {
                    case 0:
                        writer.Literal((byte)random.Next(256));
                        break;
                    case 1:
                        writer.Match(random.Next(3, 259), 32768);
                        break;
                    case 2:
                        writer.Match(random.Next(3, 259), 32768 - random.Next(0, 300));
                        break;
                    default:
                        writer.Match(random.Next(3, 259), random.Next(1, 32769));
                        break;
                }
            }

            var (deflate, decoded) = writer.Finish();
            Assert.Equal(decoded, Inflate(deflate));
            Assert.Equal(decoded, Reference(deflate));
        }
    }

    public static TheoryData<string, string> Damage() => new()
    {
        { "distance before the start", "a match reaches 45 bytes back, before the start of the data" },
        { "length code 286", "a block uses the invalid length code 286" },
        { "length code 287", "a block uses the invalid length code 287" },
        // The fixed distance code has 30 codes of 5 bits (RFC 1951 section 3.2.6), so 30 and 31 are no codes of it at all.
        { "distance code 30", "a block holds a bit sequence that is no code of its Huffman table" },
        { "distance code 31", "a block holds a bit sequence that is no code of its Huffman table" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void Damage_met_in_the_fast_loop_is_reported_as_the_careful_path_reports_it_after_the_bytes_before_it(string damage, string message)
    {
        var writer = new FixedHuffmanWriter();
        var before = new byte[44];
        new Random(7).NextBytes(before);
        writer.Literals(before);
        switch (damage)
        {
            case "distance before the start":
                writer.Match(10, 45);
                break;
            case "length code 286":
                writer.Symbol(286);
                break;
            case "length code 287":
                writer.Symbol(287);
                break;
            default:
                writer.Symbol(257);
                writer.DistanceCode(damage == "distance code 30" ? 30 : 31);
                break;
        }

        // Plenty after the damage, so the fast loop (8 buffered bytes) is the one that meets it.
        for (var i = 0; i < 500; i++)
        {
            writer.Literal((byte)i);
        }

        var (deflate, _) = writer.Finish();
        var decoder = new DeflateDecoder(new InflateBitReader(new MemoryStream(deflate)));
        var buffer = new byte[1000];
        Assert.Equal(before.Length, decoder.Read(buffer));
        Assert.Equal(before, buffer[..before.Length]);
        var error = Assert.Throws<InvalidDataException>(() => decoder.Read(buffer));
        Assert.Equal(message, error.Message);
    }
}

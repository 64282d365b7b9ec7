using System.Text;

namespace Sluice.Tokenizer.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<string> Encodings => ["gpt2", "cl100k_base", "o200k_base"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decode_of_encode_gives_back_arbitrary_strings(string encoding)
    {
        var tokenizer = TiktokenEncodings.Get(encoding);
        var random = new Random(20240520);
        for (var i = 0; i < 3000; i++)
        {
            var text = i % 2 == 0 ? TestTexts.RandomText(random, random.Next(0, 120)) : RandomScalars(random, random.Next(0, 80));
            Assert.Equal(text, tokenizer.Decode(tokenizer.EncodeOrdinary(text)));
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Lone_surrogates_become_the_replacement_character(string encoding)
    {
        var tokenizer = TiktokenEncodings.Get(encoding);
        Assert.Equal("a\ufffdb\ufffd", tokenizer.Decode(tokenizer.EncodeOrdinary("a\ud800b\udc00")));
    }

    [Fact]
    public void The_utf8_span_api_matches_the_string_api_and_rejects_invalid_utf8()
    {
        var tokenizer = TiktokenEncodings.Get("o200k_base");
        var text = string.Join("\n\n", TestTexts.Fortunes(20));
        var bytes = Encoding.UTF8.GetBytes(text);
        var ids = new int[bytes.Length];
        var count = tokenizer.EncodeOrdinary(bytes, ids);
        Assert.Equal(tokenizer.EncodeOrdinary(text), ids[..count]);
        Assert.Equal(count, tokenizer.CountTokens(text));
        Assert.Throws<ArgumentException>(() => tokenizer.EncodeOrdinary([0x61, 0xFF, 0x62], new int[3]));
        Assert.Throws<ArgumentException>(() => tokenizer.EncodeOrdinary(bytes, new int[bytes.Length - 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabularySize + 5]));
    }

    [Fact]
    public void One_shared_instance_encodes_the_same_from_many_threads()
    {
        var tokenizer = TiktokenEncodings.Get("cl100k_base");
        var texts = TestTexts.Fortunes(60);
        var expected = texts.Select(tokenizer.EncodeOrdinary).ToArray();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < texts.Count; i++)
            {
                Assert.Equal(expected[i], tokenizer.EncodeOrdinary(texts[i]));
            }
        });
    }

    [Fact]
    public void Encoding_into_a_span_allocates_nothing()
    {
        var tokenizer = TiktokenEncodings.Get("cl100k_base");
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", TestTexts.Fortunes(30)) + new string(' ', 400) + new string('7', 300));
        var ids = new int[bytes.Length];

        // Warmed up: caches filled and the code past the runtime's first tiers, whose bookkeeping may allocate.
        for (var i = 0; i < 50; i++)
        {
            tokenizer.EncodeOrdinary(bytes, ids);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            tokenizer.EncodeOrdinary(bytes, ids);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Standard_encodings_have_stable_content_ids_and_sizes()
    {
        var gpt2 = TiktokenEncodings.Get("gpt2");
        Assert.Equal(50257, gpt2.VocabularySize);
        Assert.Equal(50256, gpt2.EndOfTextToken);
        Assert.Equal(gpt2.Id, TiktokenEncodings.Get("r50k_base").Id);
        Assert.Equal(100277, TiktokenEncodings.Get("cl100k_base").VocabularySize);
        Assert.Equal(200019, TiktokenEncodings.Get("o200k_base").VocabularySize);
        Assert.NotEqual(gpt2.Id, TiktokenEncodings.Get("cl100k_base").Id);
        Assert.Matches("^[0-9a-f]{64}$", gpt2.Id);
    }

    private static string RandomScalars(Random random, int length)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            int scalar;
            do
            {
                scalar = random.Next(4) switch
                {
                    0 => random.Next(0x20, 0x7F),
                    1 => random.Next(0, 0x800),
                    2 => random.Next(0x800, 0x10000),
                    _ => random.Next(0x10000, 0x110000),
                };
            }
            while (scalar is >= 0xD800 and <= 0xDFFF);

            builder.Append(char.ConvertFromUtf32(scalar));
        }

        return builder.ToString();
    }
}

namespace Sluice.Tokenizer.Tests;

/// <summary>Token-for-token equality with tiktoken (npm, run here) on real and adversarial text.</summary>
public sealed class TiktokenEqualityTests
{
    public static TheoryData<string> Encodings => ["gpt2", "cl100k_base", "o200k_base"];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Brown_corpus_matches_tiktoken(string encoding) => AssertSame(encoding, TestTexts.Brown());

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Fortunes_in_seven_languages_match_tiktoken(string encoding) => AssertSame(encoding, TestTexts.Fortunes());

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Source_code_matches_tiktoken(string encoding) => AssertSame(encoding, TestTexts.SourceCode());

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Adversarial_strings_match_tiktoken(string encoding) => AssertSame(encoding, TestTexts.Adversarial());

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Allowed_special_tokens_match_tiktoken(string encoding)
    {
        var tokenizer = TiktokenEncodings.Get(encoding);
        string[] texts = ["<|endoftext|>", "a<|endoftext|>b", "Hello<|endoftext|><|endoftext|> world<|endoftext|>", string.Join("<|endoftext|>", TestTexts.Fortunes(5))];
        var expected = TiktokenPeer.Encode(encoding, texts, allowSpecial: true);
        var all = tokenizer.SpecialTokens.Keys.ToArray();
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(expected[i], tokenizer.Encode(texts[i], all));
        }

        Assert.Equal(tokenizer.EndOfTextToken, Assert.Single(tokenizer.Encode("<|endoftext|>", all)));
    }

    [Fact]
    public void Special_tokens_are_never_produced_from_text_unless_allowed()
    {
        var tokenizer = TiktokenEncodings.Get("cl100k_base");
        var error = Assert.Throws<DisallowedSpecialTokenException>(() => tokenizer.Encode("end <|endoftext|> here"));
        Assert.Equal("<|endoftext|>", error.Token);
        Assert.Equal(4, error.Offset);
        Assert.DoesNotContain(tokenizer.EndOfTextToken, tokenizer.EncodeOrdinary("end <|endoftext|> here"));
        Assert.Throws<DisallowedSpecialTokenException>(() => tokenizer.Encode("<|fim_prefix|><|endoftext|>", ["<|endoftext|>"]));
    }

    private static void AssertSame(string encoding, IReadOnlyList<string> texts)
    {
        var tokenizer = TiktokenEncodings.Get(encoding);
        var expected = TiktokenPeer.Encode(encoding, texts);
        Assert.Equal(texts.Count, expected.Length);
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = tokenizer.EncodeOrdinary(texts[i]);
            if (!expected[i].AsSpan().SequenceEqual(actual))
            {
                var at = 0;
                while (at < Math.Min(actual.Length, expected[i].Length) && actual[at] == expected[i][at])
                {
                    at++;
                }

                Assert.Fail($"{encoding}: text {i} differs from tiktoken at token {at}: tiktoken [{string.Join(',', expected[i].Skip(at).Take(8))}], Sluice [{string.Join(',', actual.Skip(at).Take(8))}]; text near there: '{Preview(tokenizer, expected[i], at)}'");
            }
        }
    }

    private static string Preview(BpeTokenizer tokenizer, int[] tokens, int at) =>
        tokenizer.Decode(tokens.AsSpan(Math.Max(0, at - 3), Math.Min(tokens.Length - Math.Max(0, at - 3), 10)));
}

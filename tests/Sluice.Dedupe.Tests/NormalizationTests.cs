using Sluice.Dedupe.Normalization;

namespace Sluice.Dedupe.Tests;

public sealed class NormalizationTests
{
    private static string Normalize(string text, TextNormalizationOptions? options = null) =>
        new TextNormalizer(options ?? new TextNormalizationOptions()).Normalize(text);

    [Theory]
    [InlineData("The  Quick\tBrown\r\n\nFox", "the quick brown fox")]
    [InlineData("  Hello, world!  ", "hello world")]
    [InlineData("\"Don't\" -- stop (now).", "dont stop now")]
    [InlineData("Call 555-1234 in 1999", "call 0000000 in 0000")]
    [InlineData("ＡＢＣ　ｄｅｆ", "abc def")]
    [InlineData("Caf\u00c9 \u00b2\u2075", "café 00")]
    [InlineData("zero\u200bwidth\u00a0space", "zerowidth space")]
    [InlineData("ΑΘΗΝΑ Москва", "αθηνα москва")]
    [InlineData("١٢٣ apples", "000 apples")]
    [InlineData("ﬁnal ﬂag", "final flag")]
    [InlineData("Cafe\u0301 nai\u0308ve", "caf\u00e9 na\u00efve")]
    [InlineData("", "")]
    [InlineData(" \n\t ", "")]
    public void Defaults_fold_case_whitespace_punctuation_digits_and_compatibility_forms(string input, string expected)
    {
        Assert.Equal(expected, Normalize(input));
    }

    [Fact]
    public void Each_option_can_be_turned_off()
    {
        const string text = "Tom's  2 CATS!";
        Assert.Equal("Tom's  2 CATS!", Normalize(text, new TextNormalizationOptions
        {
            LowerCase = false, CollapseWhitespace = false, RemovePunctuation = false, ReplaceDigits = false,
        }));
        Assert.Equal("toms  0 cats", Normalize(text, new TextNormalizationOptions { CollapseWhitespace = false }));
        Assert.Equal("Toms 0 CATS", Normalize(text, new TextNormalizationOptions { LowerCase = false }));
        Assert.Equal("tom's 0 cats!", Normalize(text, new TextNormalizationOptions { RemovePunctuation = false }));
        Assert.Equal("toms 2 cats", Normalize(text, new TextNormalizationOptions { ReplaceDigits = false }));
        Assert.Equal("ｔｏｍ", Normalize("ＴＯＭ", new TextNormalizationOptions { UnicodeCompatibility = false }));
    }

    [Fact]
    public void Supplementary_characters_and_lone_surrogates_survive()
    {
        Assert.Equal("𝒜 emoji", Normalize("𝒜 emoji 😀", new TextNormalizationOptions { UnicodeCompatibility = false }));
        Assert.Equal("ab", Normalize("a\ud800b"));
        Assert.Equal("a\ufffdb", Normalize("a\ud800b", new TextNormalizationOptions { RemovePunctuation = false }));
    }

    [Fact]
    public async Task Documents_differing_only_in_what_normalization_removes_are_exact_duplicates()
    {
        var options = new DedupeOptions();
        await using var index = new Index.InProcessDedupeIndex(options);
        var stage = new DedupeStage(options, index);
        var result = await stage.ProcessAsync("shard-1",
        [
            new("a", "The jury said it did find that the election was conducted in 1962."),
            new("b", "THE JURY SAID it did find, that the election was conducted in 1963!"),
            new("c", "the   jury said it did find that the election\nwas conducted in 1964"),
            new("d", "The jury said it did not find that the election was conducted in 1962."),
        ]);

        Assert.Equal(DedupeVerdict.Keep, result.Outcomes[0].Decision.Verdict);
        Assert.Equal(new DedupeDecision("b", DedupeVerdict.ExactDuplicate, "a", 1.0), result.Outcomes[1].Decision);
        Assert.Equal(new DedupeDecision("c", DedupeVerdict.ExactDuplicate, "a", 1.0), result.Outcomes[2].Decision);
        Assert.NotEqual(DedupeVerdict.ExactDuplicate, result.Outcomes[3].Decision.Verdict);
        Assert.Equal(new DedupeShardStats(4, result.Stats.Kept, 2, result.Stats.Near, 0, 0), result.Stats);
    }

    [Fact]
    public void Content_hash_changes_with_any_normalized_difference()
    {
        var a = DocumentFingerprinter.ContentHash("the jury said");
        Assert.Equal(a, DocumentFingerprinter.ContentHash("the jury said"));
        Assert.NotEqual(a, DocumentFingerprinter.ContentHash("the jury sad"));
        Assert.NotEqual(a, DocumentFingerprinter.ContentHash("the jury said "));
    }

    [Fact]
    public void Fast_and_character_by_character_paths_agree_on_random_ascii_text()
    {
        // Long runs of letters, digits and single spaces take the 16-character block path; everything else, and every
        // boundary between the two, takes the scalar path. A plain reference implementation must agree on all of it.
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789          ,.\t\n-'";
        var random = new Random(5);
        var normalizer = new TextNormalizer(new TextNormalizationOptions());
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 120)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = random.Next(8) == 0 ? alphabet[random.Next(alphabet.Length)] : alphabet[random.Next(62)];
            }

            var text = new string(chars);
            Assert.Equal(Reference(text), normalizer.Normalize(text));
        }

        static string Reference(string text)
        {
            var kept = text.Select(c => char.IsAsciiDigit(c) ? '0' : char.ToLowerInvariant(c))
                .Where(c => char.IsAsciiLetterOrDigit(c) || char.IsWhiteSpace(c))
                .ToArray();
            return string.Join(' ', new string(kept).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
    }
}

using System.Text;
using Sluice.Testing;
using Sluice.Tokenizer.PreTokenization;
using Sluice.Tokenizer.Training;

namespace Sluice.Tokenizer.Tests;

public sealed class CustomPatternTests : IDisposable
{
    /// <summary>cl100k_base's pattern with the possessive quantifiers tiktoken's newer releases write it with (same meaning).</summary>
    public const string PossessiveCl100k = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>A custom pattern: cl100k's, but every digit is a piece of its own (numbers are never merged).</summary>
    public const string SingleDigits = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly string _folder = RepoLayout.NewTempFolder("bpe-pattern");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> TiktokenPatterns => new()
    {
        { "cl100k", PreTokenizerPatterns.Cl100k },
        { "cl100k", PossessiveCl100k },
        { "gpt2", PreTokenizerPatterns.Gpt2 },
        { "o200k", PreTokenizerPatterns.O200k },
    };

    [Theory]
    [MemberData(nameof(TiktokenPatterns))]
    public void A_tiktoken_pattern_run_as_a_custom_regex_splits_like_the_hand_written_pre_tokenizer(string name, string pattern)
    {
        var handWritten = (HandWrittenPreTokenizer)PreTokenizer.ForPattern(PreTokenizerPatterns.Resolve(name));
        var regex = new RegexPreTokenizer(pattern);
        var texts = TestTexts.Brown().Concat(TestTexts.Fortunes()).Concat(TestTexts.SourceCode()).Concat(TestTexts.Adversarial()).Append(EveryBmpScalar()).ToList();
        for (var t = 0; t < texts.Count; t++)
        {
            var bytes = Encoding.UTF8.GetBytes(texts[t]);
            var expected = new int[bytes.Length];
            var actual = new int[bytes.Length];
            var expectedCount = handWritten.PieceEnds(bytes, expected);
            var actualCount = regex.PieceEnds(bytes, actual);
            var same = 0;
            while (same < Math.Min(expectedCount, actualCount) && expected[same] == actual[same])
            {
                same++;
            }

            Assert.True(same == expectedCount && same == actualCount, $"text {t}: pieces differ after {same} pieces, at byte {(same == 0 ? 0 : expected[same - 1])}: '{Encoding.UTF8.GetString(bytes.AsSpan(same == 0 ? 0 : expected[same - 1], Math.Min(40, bytes.Length - (same == 0 ? 0 : expected[same - 1]))))}'");
        }
    }

    [Theory]
    [InlineData("a*+b", "(?>a*)b")]
    [InlineData("a++|b?+", "(?>a+)|(?>b?)")]
    [InlineData(@"[\r\n]++\s*+", @"(?>[\r\n]+)(?>\s*)")]
    [InlineData("(?:ab){2,3}+c{2}+", "(?>(?:ab){2,3})(?>c{2})")]
    [InlineData(@"\p{IsGreek}+?[\p{Zs}]", @"\p{IsGreek}+?[\p{Zs}]")]
    [InlineData(@"(?P<word>\x{41}\x{1F600})$", "(?<word>\\u0041(?:\U0001F600))\\z")]
    [InlineData(@"(?m)x$", "(?m)x$")]
    [InlineData(@"[]a]{x}", @"[\]a]{x}")]
    public void Tiktoken_regex_syntax_is_translated_for_dotnet(string pattern, string expected)
    {
        Assert.Equal(expected, FancyRegexTranslator.Translate(pattern));
    }

    [Theory]
    [InlineData(@"\pL++|\PL", "a𝔘b 😀c 𝟙2", "a𝔘b| |😀|c| |𝟙|2")]
    [InlineData(@"\p{Letter}+|\d+|\S", "x𠜎y 𝟙2😀", "x𠜎y| |𝟙2|😀")]
    [InlineData(@"[^\s\p{L}]+|\w+", "😀😃 𝔘x 𝟙", "😀😃| |𝔘x| |𝟙")]
    [InlineData(".", "a😀b", "a|😀|b")]
    [InlineData("x", "ab😀x", "ab😀|x")]
    public void Code_points_above_the_basic_plane_match_as_one_character(string pattern, string text, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var ends = new int[bytes.Length];
        var count = new RegexPreTokenizer(pattern).PieceEnds(bytes, ends);
        var pieces = Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetString(bytes.AsSpan(i == 0 ? 0 : ends[i - 1], ends[i] - (i == 0 ? 0 : ends[i - 1]))));
        Assert.Equal(expected, string.Join('|', pieces));
    }

    [Fact]
    public void A_custom_pattern_trains_encodes_round_trips_and_is_saved_and_reloaded()
    {
        var lines = HuggingFacePeer.LinesWithBreaks(BrownCorpus.Text(400_000));
        var result = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 1500, Pattern = SingleDigits }).Train(lines);
        var tokenizer = result.Tokenizer;
        Assert.Equal(SingleDigits, tokenizer.Pattern);

        // The pattern is in force: no token learned from text full of years and page numbers holds two digits.
        Assert.DoesNotContain(Enumerable.Range(0, tokenizer.MergeableCount), id => tokenizer.TokenBytes(id).ToArray().Count(b => char.IsAsciiDigit((char)b)) > 1);
        var sample = string.Concat(lines.Skip(100).Take(200)) + " In 1961, 2,000 of 35,000 'Special' 😀 𠜎 ŉ";
        var ids = tokenizer.EncodeOrdinary(sample);
        Assert.Equal(sample, tokenizer.Decode(ids));
        Assert.Equal(4, tokenizer.EncodeOrdinary("1961").Length);

        var path = Path.Combine(_folder, "custom.json");
        TokenizerFile.Save(tokenizer, path);
        var loaded = TokenizerFile.Load(path);
        Assert.Equal(SingleDigits, loaded.Pattern);
        Assert.Equal(tokenizer.Id, loaded.Id);
        Assert.Equal(ids, loaded.EncodeOrdinary(sample));
        Assert.Equal(tokenizer.Encode(sample + "<|endoftext|>", ["<|endoftext|>"]), loaded.Encode(sample + "<|endoftext|>", ["<|endoftext|>"]));
    }

    [Fact]
    public void An_invalid_pattern_is_a_typed_error_that_quotes_it()
    {
        var error = Assert.Throws<PreTokenizerPatternException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = @"(\p{L}+" }));
        Assert.Contains(@"(\p{L}+", error.Message);
        Assert.Contains("not closed", error.Message);

        error = Assert.Throws<PreTokenizerPatternException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = @"\p{NoSuchClass}+" }));
        Assert.Contains("NoSuchClass", error.Message);
        Assert.Throws<PreTokenizerPatternException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = "a|*b" }));
        Assert.Throws<PreTokenizerPatternException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = "[a[b]]" }));
        Assert.Throws<PreTokenizerPatternException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = @"[\p{L}--x]" }));

        // A plain word is a misspelt name, not a pattern.
        var misspelt = Assert.Throws<ArgumentException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = "cl100" }));
        Assert.Contains("cl100", misspelt.Message);

        var path = Path.Combine(_folder, "bad-pattern.json");
        File.WriteAllText(path, "{\"pat_str\": \"[\\\\p{L}+\", \"bpe_ranks\": \"! 0 QQ==\"}");
        var fileError = Assert.Throws<TokenizerFormatException>(() => TokenizerFile.Load(path));
        Assert.Contains("bad-pattern.json", fileError.Message);
        Assert.IsType<PreTokenizerPatternException>(fileError.InnerException);
    }

    /// <summary>Every BMP scalar value once, each followed by a letter, a digit, a space and a line break in turn.</summary>
    private static string EveryBmpScalar()
    {
        var builder = new StringBuilder();
        string[] between = ["a", "7", " ", "\n", "", "'s"];
        for (var c = 0; c < 0x10000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            builder.Append((char)c).Append(between[c % between.Length]);
        }

        return builder.ToString();
    }
}

using System.Text;
using Sluice.Testing;
using Sluice.Tokenizer.Training;
using Xunit.Abstractions;

namespace Sluice.Tokenizer.Tests;

public sealed class TrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = RepoLayout.NewTempFolder("bpe-train");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Training_learns_the_same_merges_as_hugging_face_and_compresses_as_well()
    {
        var text = BrownCorpus.Text(2_000_000);
        var corpus = Path.Combine(_folder, "brown.txt");
        File.WriteAllText(corpus, text);
        var hf = HuggingFacePeer.Train(Path.Combine(_folder, "hf.json"), corpus);

        // The npm binding trains with BpeTrainer's defaults: 30,000 ids counting only the bytes seen, minimum frequency 0.
        var lines = HuggingFacePeer.LinesWithBreaks(text);
        var seenBytes = Encoding.UTF8.GetBytes(text).Distinct().Count();
        var ours = new BpeTrainer(new BpeTrainerOptions
        {
            VocabularySize = hf.VocabSize - seenBytes + 256,
            MinimumPairFrequency = 0,
            SpecialTokens = [],
            Pattern = "gpt2",
        }).Train(lines);

        var tokenizer = ours.Tokenizer;
        var ourMerges = ours.Merges.Select(m => (ByteLevelAlphabet.Encode(tokenizer.TokenBytes(m.Left)), ByteLevelAlphabet.Encode(tokenizer.TokenBytes(m.Right)))).ToList();
        var theirMerges = hf.Merges.Select(m => (m[0], m[1])).ToList();
        var samePosition = ourMerges.Zip(theirMerges).Count(p => p.First == p.Second);
        var shared = ourMerges.ToHashSet().Intersect(theirMerges).Count();
        var firstDifference = ourMerges.Zip(theirMerges).TakeWhile(p => p.First == p.Second).Count();

        var sample = lines.Where((_, i) => i % 10 == 0).ToList();
        var sampleBytes = sample.Sum(Encoding.UTF8.GetByteCount);
        var ourTokens = sample.Sum(l => tokenizer.EncodeOrdinary(l).Length);
        var theirTokens = HuggingFacePeer.Encode(Path.Combine(_folder, "hf.json"), sample).Sum(t => t.Length);
        output.WriteLine($"merges: Sluice {ourMerges.Count}, Hugging Face {theirMerges.Count}; same position {samePosition} ({100.0 * samePosition / theirMerges.Count:F2}%), shared {shared} ({100.0 * shared / theirMerges.Count:F2}%), identical prefix {firstDifference}");
        output.WriteLine($"bytes/token on every 10th line: Sluice {(double)sampleBytes / ourTokens:F3}, Hugging Face {(double)sampleBytes / theirTokens:F3}");

        Assert.Equal(theirMerges.Count, ourMerges.Count);
        Assert.True(shared >= 0.99 * theirMerges.Count, $"only {shared} of {theirMerges.Count} merges are shared");
        Assert.InRange((double)ourTokens / theirTokens, 0.98, 1.02);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("cl100k")]
    [InlineData("o200k")]
    [InlineData(CustomPatternTests.SingleDigits)]
    public void Exported_files_load_in_tiktoken_and_hugging_face_and_encode_identically(string pattern)
    {
        var training = BrownCorpus.Text(1_000_000);
        var result = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 3000, Pattern = pattern }).Train(HuggingFacePeer.LinesWithBreaks(training));
        var tokenizer = result.Tokenizer;
        Assert.Equal(3000, tokenizer.VocabularySize);
        Assert.Equal(2999, tokenizer.EndOfTextToken);

        var sluiceFile = Path.Combine(_folder, "trained.json");
        var hfFile = Path.Combine(_folder, "tokenizer.json");
        TokenizerFile.Save(tokenizer, sluiceFile);
        HuggingFaceTokenizerJson.Save(tokenizer, hfFile);

        var texts = BrownCorpus.Text(1_300_000)[1_000_000..].Split("\n\n").Where(p => p.Length > 0).Take(300)
            .Concat(TestTexts.Fortunes(30))
            .Concat(TestTexts.Adversarial().Where(t => !t.Contains('\ud800') && !t.Contains('\udfff') && !t.Contains('\ud83d')))
            .ToList();
        var ours = texts.Select(tokenizer.EncodeOrdinary).ToArray();
        var tiktoken = TiktokenPeer.Encode(sluiceFile, texts);
        var hf = HuggingFacePeer.Encode(hfFile, texts);

        // Hugging Face always recognises its added (special) tokens in text: that is Encode with all of them allowed.
        var allSpecial = tokenizer.SpecialTokens.Keys.ToArray();
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.True(ours[i].SequenceEqual(tiktoken[i]), $"tiktoken differs on text {i}");
            Assert.True(tokenizer.Encode(texts[i], allSpecial).SequenceEqual(hf[i]), $"Hugging Face differs on text {i}: '{texts[i][..Math.Min(60, texts[i].Length)]}'");
        }
    }

    [Fact]
    public void A_trained_tokenizer_is_identified_by_its_content()
    {
        var lines = HuggingFacePeer.LinesWithBreaks(BrownCorpus.Text(300_000));
        var first = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 1000, Name = "a" }).Train(lines).Tokenizer;
        var second = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 1000, Name = "b", CountingThreads = 1 }).Train(lines).Tokenizer;
        var bigger = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 1001 }).Train(lines).Tokenizer;
        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, bigger.Id);

        var path = Path.Combine(_folder, "t.json");
        TokenizerFile.Save(first, path);
        var loaded = TokenizerFile.Load(path);
        Assert.Equal(first.Id, loaded.Id);
        var sample = string.Concat(lines.Take(50));
        Assert.Equal(first.EncodeOrdinary(sample), loaded.EncodeOrdinary(sample));
        Assert.Equal(sample, loaded.Decode(loaded.EncodeOrdinary(sample)));
    }

    [Fact]
    public void Training_respects_the_minimum_pair_frequency_and_rejects_bad_options()
    {
        var result = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 10_000, MinimumPairFrequency = 3, SpecialTokens = [] })
            .Train(["abab abab abab xyxy"]);
        Assert.All(result.Merges, m => Assert.True(m.Count >= 3));
        Assert.Contains(result.Merges, m => result.Tokenizer.TokenBytes(m.Result).SequenceEqual("ab"u8));
        Assert.DoesNotContain(result.Merges, m => result.Tokenizer.TokenBytes(m.Result).SequenceEqual("xy"u8));

        Assert.Throws<ArgumentException>(() => new BpeTrainer(new BpeTrainerOptions { VocabularySize = 100 }));
        Assert.Throws<PreTokenizerPatternException>(() => new BpeTrainer(new BpeTrainerOptions { Pattern = "(\\w+" }));
        Assert.Throws<ArgumentException>(() => new BpeTrainer(new BpeTrainerOptions { SpecialTokens = ["<|a|>", "<|a|>"] }));
    }

    [Fact]
    public void A_malformed_tokenizer_file_gets_an_error_naming_it()
    {
        var path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, "{\"pat_str\": \"x\", \"bpe_ranks\": \"! 0 QQ==\"}");
        var error = Assert.Throws<TokenizerFormatException>(() => TokenizerFile.Load(path));
        Assert.Contains("bad.json", error.Message);
        File.WriteAllText(path, "not json");
        Assert.Contains("bad.json", Assert.Throws<TokenizerFormatException>(() => TokenizerFile.Load(path)).Message);
    }
}

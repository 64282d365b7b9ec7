using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using Sluice.Testing;
using Sluice.Tokenizer.Training;

namespace Sluice.Tokenizer.Tests;

/// <summary>
/// Microsoft.ML.Tokenizers, the card's .NET tokenizer library, as an interop peer: it supplies the standard encodings'
/// ranks, and it loads a tokenizer Sluice trained (its tiktoken ranks and its pattern in .NET's regex syntax) and gives
/// the same ids, whatever the pattern.
/// </summary>
public sealed class MlTokenizersInteropTests
{
    private static readonly IReadOnlyList<string> Brown = BrownCorpus.Documents().Take(60).Select(d => d.Text).ToList();

    [Theory]
    [InlineData("gpt2")]
    [InlineData("r50k_base")]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void A_standard_encoding_built_from_the_data_package_is_the_npm_tiktoken_encoder_exactly(string name)
    {
        var fromPackage = TiktokenEncodings.Get(name);
        var fromTiktoken = TokenizerFile.Load(Path.Combine(RepoLayout.PeerPackage("tiktoken"), "encoders", name + ".json"), name);

        Assert.Equal(fromTiktoken.Id, fromPackage.Id);
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("o200k_base")]
    public void The_libraries_own_encoder_gives_the_same_ids_on_the_Brown_corpus(string name)
    {
        var ours = TiktokenEncodings.Get(name);
        var theirs = TiktokenTokenizer.CreateForEncoding(name);

        foreach (var text in Brown)
        {
            Assert.Equal(ours.EncodeOrdinary(text), theirs.EncodeToIds(text));
        }
    }

    [Theory]
    [InlineData("cl100k")]
    [InlineData(@"[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,2}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s")]
    public void A_tokenizer_Sluice_trained_loads_in_the_library_from_its_ranks_and_dotnet_pattern_with_identical_ids(string pattern)
    {
        var trained = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 1200, Pattern = pattern }).Train(Brown.Take(40)).Tokenizer;
        var specials = trained.SpecialTokens.ToDictionary(p => p.Key, p => p.Value);
        using var ranks = new MemoryStream(TokenizerFile.SerializeTiktokenRanks(trained));

        var theirs = TiktokenTokenizer.Create(ranks, new RegexPreTokenizer(new Regex(trained.DotNetPattern, RegexOptions.CultureInvariant), specials), normalizer: null, specials);

        foreach (var text in Brown.Skip(40))
        {
            Assert.Equal(trained.EncodeOrdinary(text), theirs.EncodeToIds(text));
        }
    }
}

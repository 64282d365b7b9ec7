using Sluice.SafetyFilter;
using Sluice.Testing;

namespace Sluice.SafetyFilter.Tests;

/// <summary>The fortunes-trained language model and the word-list folder, built once for all tests.</summary>
internal static class SharedModel
{
    private static readonly Lazy<CharNGramLanguageIdentifier> Model = new(() =>
        LanguageModelCache.LoadOrTrain(new FortuneTrainingCorpus(), Path.Combine(Path.GetTempPath(), "sluice-safety-tests")));

    public static CharNGramLanguageIdentifier LanguageIdentifier => Model.Value;

    public static string WordLists => RepoLayout.PeerPackage("naughty-words");

    public static SafetyFilterOptions DefaultOptions() => new() { Toxicity = { WordListFolder = WordLists } };

    public static SafetyStage DefaultStage() => SafetyFilterBuilder.Build(DefaultOptions(), LanguageIdentifier);

    /// <summary>The shard-level stage as the worker builds it, with the model cached where these tests keep theirs.</summary>
    public static SafetyFilterStage ShardStage(SafetyFilterOptions? options = null) => new(
        options ?? DefaultOptions(),
        new Sluice.SafetyFilter.Worker.LanguageModelOptions { CacheFolder = Path.Combine(Path.GetTempPath(), "sluice-safety-tests") },
        Microsoft.Extensions.Logging.Abstractions.NullLogger<SafetyFilterStage>.Instance);

    public static IReadOnlyList<(string Name, string Text)> Brown { get; } = BrownCorpus.Documents().ToList();
}

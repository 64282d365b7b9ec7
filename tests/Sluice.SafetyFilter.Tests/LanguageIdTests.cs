using Sluice.SafetyFilter;
using Xunit.Abstractions;

namespace Sluice.SafetyFilter.Tests;

public sealed class LanguageIdTests(ITestOutputHelper output)
{
    /// <summary>Held-out fortunes shorter than this are one-liners too short to judge a language by.</summary>
    private const int MinHeldOutLength = 60;

    [Fact]
    public void Held_out_fortunes_are_identified_per_language_above_a_floor()
    {
        var identifier = SharedModel.LanguageIdentifier;
        var results = new FortuneTrainingCorpus().HeldOut()
            .Where(s => s.Text.Length >= MinHeldOutLength)
            .GroupBy(s => s.Language)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Language: g.Key, Count: g.Count(), Accuracy: g.Average(s => identifier.Identify(s.Text).Language == s.Language ? 1.0 : 0.0)))
            .ToList();
        foreach (var (language, count, accuracy) in results)
        {
            output.WriteLine($"language-id held-out {language}: {accuracy:P1} of {count} fortunes");
        }

        Assert.Equal(FortuneTrainingCorpus.LanguageFolders.Keys.Order(StringComparer.Ordinal), results.Select(r => r.Language));
        Assert.All(results, r => Assert.True(r.Accuracy >= 0.85, $"{r.Language}: accuracy {r.Accuracy:P1} below 85%"));
    }

    [Fact]
    public void Brown_documents_are_english_with_high_confidence()
    {
        var identifier = SharedModel.LanguageIdentifier;
        var guesses = SharedModel.Brown.Take(100).Select(d => identifier.Identify(d.Text)).ToList();
        Assert.All(guesses, g => Assert.Equal("en", g.Language));
        Assert.True(guesses.Average(g => g.Confidence) > 0.9);
    }

    [Fact]
    public void A_saved_model_loads_back_with_the_same_answers()
    {
        var identifier = SharedModel.LanguageIdentifier;
        using var buffer = new MemoryStream();
        identifier.Save(buffer);
        buffer.Position = 0;
        var loaded = CharNGramLanguageIdentifier.Load(buffer);
        foreach (var text in new[] { "Der Hund schläft unter dem Tisch.", "El perro duerme debajo de la mesa.", "Pies śpi pod stołem." })
        {
            Assert.Equal(identifier.Identify(text), loaded.Identify(text));
        }

        Assert.Throws<InvalidDataException>(() => CharNGramLanguageIdentifier.Load(new MemoryStream([1, 0, 0, 0, 5])));
    }

    [Fact]
    public void The_rule_tags_language_and_drops_languages_outside_the_keep_list()
    {
        var options = SharedModel.DefaultOptions();
        var stage = SafetyFilterBuilder.Build(options, SharedModel.LanguageIdentifier);
        var german = string.Join("\n\n", new FortuneTrainingCorpus().HeldOut().Where(s => s.Language == "de").Take(20).Select(s => s.Text));
        var outcome = stage.Process(new SafetyDocument("de-1", german));
        Assert.NotNull(outcome.Rejected);
        Assert.Equal("language", outcome.Rejected.Rule);
        Assert.Equal("language_not_kept", outcome.Rejected.Reason);
        Assert.Contains("\"language\":\"de\"", outcome.Rejected.MetadataJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_corpus_fingerprint_is_the_same_in_every_process_and_changes_with_the_databases()
    {
        // The fingerprint keys the cached model and the stage's configuration hash (hence every clean shard's key), so
        // it must not depend on the process: a value pinned here fails if it ever becomes per-process again.
        var root = Directory.CreateTempSubdirectory("sluice-fortunes-");
        try
        {
            foreach (var folder in new[] { "cs", "de", "es", "it", "pl", "ru" })
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, folder));
                File.WriteAllText(Path.Combine(root.FullName, folder, "sprueche"), folder + "\n%\n");
            }

            File.WriteAllText(Path.Combine(root.FullName, "brasil"), "pt\n%\n");
            File.WriteAllText(Path.Combine(root.FullName, "wisdom"), "en\n%\n");
            var corpus = new FortuneTrainingCorpus(root.FullName);
            Assert.Equal("bd6746badb938bcd", corpus.Fingerprint());

            File.AppendAllText(Path.Combine(root.FullName, "wisdom"), "more\n%\n");
            Assert.NotEqual("bd6746badb938bcd", corpus.Fingerprint());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}

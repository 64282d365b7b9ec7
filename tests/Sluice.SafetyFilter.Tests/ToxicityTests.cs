using Sluice.SafetyFilter;
using Sluice.Testing;
using Xunit.Abstractions;

namespace Sluice.SafetyFilter.Tests;

public sealed class ToxicityTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<string>> Offensive = new(Fortunes.ReadSpanishOffensive);

    private static ToxicityRule SpanishRule(ToxicityPolicy policy = ToxicityPolicy.Drop) =>
        new(new ToxicityOptions { WordListFolder = SharedModel.WordLists, Languages = ["es"], DefaultPolicy = policy });

    private static double FlaggedShare(ToxicityRule rule, IEnumerable<string> fortunes)
    {
        var list = fortunes.ToList();
        return list.Count(f => !rule.Apply(new RuleContext("f", f, [])).Keep) / (double)list.Count;
    }

    [Fact]
    public void Spanish_offensive_fortune_databases_trip_the_rule_and_ordinary_ones_do_not()
    {
        var rule = SpanishRule();
        var offensive = Fortunes.ReadSpanishOffensiveDatabases();
        var ordinary = Fortunes.ReadDatabases("es");
        var offensiveShare = FlaggedShare(rule, offensive);
        var ordinaryShare = FlaggedShare(rule, ordinary);
        output.WriteLine($"toxicity (es list, one document per database): offensive dropped {offensiveShare:P1} of {offensive.Count}, ordinary {ordinaryShare:P1} of {ordinary.Count}");
        output.WriteLine($"toxicity (es list, one document per fortune): offensive dropped {FlaggedShare(rule, Offensive.Value):P1} of {Offensive.Value.Count}, ordinary {FlaggedShare(rule, Fortunes.Read("es")):P1}");
        Assert.True(offensiveShare >= 0.5, $"only {offensiveShare:P1} of offensive databases dropped");
        Assert.True(ordinaryShare <= 0.1, $"{ordinaryShare:P1} of ordinary databases dropped");
    }

    [Fact]
    public void Matching_respects_word_boundaries_case_and_multi_word_entries()
    {
        var list = FlaggedWordList.Load(SharedModel.WordLists, "es");
        Assert.True(list.EntryCount > 50);
        Assert.Equal(3, list.CountFlaggedWords(FlaggedWordList.Tokenize("Eres un HIJO DE PUTA, ya lo sé")));
        Assert.Equal(5, list.CountFlaggedWords(FlaggedWordList.Tokenize("Eres un gilipollas; concha de tu madre")));
        Assert.Equal(0, list.CountFlaggedWords(FlaggedWordList.Tokenize("La culocracia y el asnal no cuentan")));
        var english = FlaggedWordList.Load(SharedModel.WordLists, "en");
        Assert.Equal(0, english.CountFlaggedWords(FlaggedWordList.Tokenize("The assessment of Scunthorpe's classic bassist")));
    }

    [Fact]
    public void Tag_only_sources_are_kept_with_the_ratio_in_metadata()
    {
        var offensive = Offensive.Value;
        var rule = SpanishRule();
        var flagged = offensive.First(f => !rule.Apply(new RuleContext("f", f, [])).Keep);
        var options = new ToxicityOptions
        {
            WordListFolder = SharedModel.WordLists, Languages = ["es"],
            PolicyBySource = new Dictionary<string, ToxicityPolicy> { ["forum"] = ToxicityPolicy.TagOnly },
        };
        var tagging = new ToxicityRule(options);
        var context = new RuleContext("f", flagged, new System.Text.Json.Nodes.JsonObject { ["source"] = "forum" });
        Assert.True(tagging.Apply(context).Keep);
        Assert.True(context.Metadata["safety"]!["toxicity"]!["over_threshold"]!.GetValue<bool>());
        Assert.True(context.Metadata["safety"]!["toxicity"]!["flagged_word_ratio"]!.GetValue<double>() > 0.0045);
        var elsewhere = new RuleContext("f", flagged, new System.Text.Json.Nodes.JsonObject { ["source"] = "news" });
        Assert.False(tagging.Apply(elsewhere).Keep);
    }

    [Fact]
    public void A_missing_word_list_is_a_clear_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FlaggedWordList.Load(SharedModel.WordLists, "xx"));
        Assert.Contains("'xx'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ToxicityRule(new ToxicityOptions { WordListFolder = "/nonexistent/lists" }));
    }
}

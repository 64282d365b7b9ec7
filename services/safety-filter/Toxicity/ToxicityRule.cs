using System.Collections.Concurrent;

namespace Sluice.SafetyFilter;

/// <summary>
/// Flags documents whose share of LDNOOBW-listed words exceeds a threshold; drops them or only tags them, per source.
/// </summary>
internal sealed class ToxicityRule : IDocumentRule
{
    private readonly ToxicityOptions options;
    private readonly IReadOnlyList<FlaggedWordList> fixedLists;
    private readonly ConcurrentDictionary<string, FlaggedWordList?> listsByLanguage = new(StringComparer.Ordinal);

    public ToxicityRule(ToxicityOptions options)
    {
        options.Validate();
        this.options = options;
        fixedLists = options.Languages.Select(l => FlaggedWordList.Load(options.WordListFolder!, l)).ToList();
    }

    public string Name => "toxicity";

    public RuleVerdict Apply(RuleContext context)
    {
        var words = FlaggedWordList.Tokenize(context.Text);
        if (words.Count == 0)
        {
            return RuleVerdict.Kept;
        }

        var lists = fixedLists.ToList();
        if (options.UseDocumentLanguage && context.Language is { } language && lists.All(l => l.Language != language)
            && ListFor(language) is { } documentList)
        {
            lists.Add(documentList);
        }

        var flagged = lists.Max(l => l.CountFlaggedWords(words));
        var ratio = (double)flagged / words.Count;
        context.Annotate(Name, "flagged_word_ratio", Math.Round(ratio, 6));
        if (ratio <= options.MaxFlaggedWordRatio)
        {
            return RuleVerdict.Kept;
        }

        var policy = context.Source is { } source && options.PolicyBySource.TryGetValue(source, out var chosen) ? chosen : options.DefaultPolicy;
        if (policy == ToxicityPolicy.TagOnly)
        {
            context.Annotate(Name, "over_threshold", true);
            return RuleVerdict.Kept;
        }

        return RuleVerdict.Drop("flagged_word_ratio", ratio);
    }

    private FlaggedWordList? ListFor(string language) =>
        listsByLanguage.GetOrAdd(language, l => File.Exists(Path.Combine(options.WordListFolder!, l + ".json")) ? FlaggedWordList.Load(options.WordListFolder!, l) : null);
}

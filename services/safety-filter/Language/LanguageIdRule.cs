namespace Sluice.SafetyFilter;

/// <summary>Tags every document with <c>language</c> and <c>language_confidence</c>; drops languages outside the keep-list.</summary>
internal sealed class LanguageIdRule : IDocumentRule
{
    private readonly CharNGramLanguageIdentifier identifier;
    private readonly LanguageIdOptions options;
    private readonly HashSet<string> keep;

    public LanguageIdRule(CharNGramLanguageIdentifier identifier, LanguageIdOptions options)
    {
        options.Validate();
        this.identifier = identifier;
        this.options = options;
        keep = new HashSet<string>(options.KeepLanguages, StringComparer.Ordinal);
    }

    public string Name => "language";

    public RuleVerdict Apply(RuleContext context)
    {
        var guess = identifier.Identify(context.Text);
        context.Metadata["language"] = guess.Language;
        context.Metadata["language_confidence"] = Math.Round(guess.Confidence, 4);
        if (keep.Count == 0)
        {
            return RuleVerdict.Kept;
        }

        if (!keep.Contains(guess.Language))
        {
            return RuleVerdict.Drop("language_not_kept", guess.Confidence);
        }

        return guess.Confidence < options.MinConfidence ? RuleVerdict.Drop("language_low_confidence", guess.Confidence) : RuleVerdict.Kept;
    }
}

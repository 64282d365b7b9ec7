namespace Sluice.SafetyFilter;

/// <summary>Builds the safety-filter stage from options, with its rules in their fixed order.</summary>
public static class SafetyFilterBuilder
{
    /// <summary>
    /// The stage with every enabled rule, in this order: PII, language, Gopher repetition, Gopher quality, C4, FineWeb,
    /// toxicity. <paramref name="languageIdentifier"/> is required when language identification is enabled.
    /// </summary>
    public static SafetyStage Build(SafetyFilterOptions options, CharNGramLanguageIdentifier? languageIdentifier)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new List<IDocumentRule>();
        if (options.Pii.Enabled)
        {
            rules.Add(new PiiRedactionRule(options.Pii));
        }

        if (options.Language.Enabled)
        {
            rules.Add(new LanguageIdRule(
                languageIdentifier ?? throw new ArgumentNullException(nameof(languageIdentifier), "Language identification is enabled but no identifier was given."),
                options.Language));
        }

        if (options.GopherRepetition.Enabled)
        {
            rules.Add(new GopherRepetitionRule(options.GopherRepetition));
        }

        if (options.GopherQuality.Enabled)
        {
            rules.Add(new GopherQualityRule(options.GopherQuality));
        }

        if (options.C4.Enabled)
        {
            rules.Add(new C4QualityRule(options.C4));
        }

        if (options.FineWeb.Enabled)
        {
            rules.Add(new FineWebQualityRule(options.FineWeb));
        }

        if (options.Toxicity.Enabled)
        {
            rules.Add(new ToxicityRule(options.Toxicity));
        }

        return new SafetyStage(rules, options.Stage);
    }
}

namespace Sluice.SafetyFilter;

/// <summary>Builds the safety-filter stage from options, with its rules in their fixed order.</summary>
public static class SafetyFilterBuilder
{
    /// <summary>
    /// The stage with every enabled rule, whatever a document's profile, in this order: PII, language, Gopher repetition,
    /// Gopher quality, C4, FineWeb, toxicity. <paramref name="languageIdentifier"/> is required when language identification is enabled.
    /// </summary>
    public static SafetyStage Build(SafetyFilterOptions options, CharNGramLanguageIdentifier? languageIdentifier) =>
        new(Rules(options, languageIdentifier, profile: null), options.Stage);

    /// <summary>
    /// One stage per source profile (<see cref="SafetyFilterOptions.Profiles"/>): each runs the enabled rules its profile
    /// lists, in the fixed order, with the profile's own thresholds where it sets them.
    /// </summary>
    public static ProfiledSafetyStage BuildProfiled(SafetyFilterOptions options, CharNGramLanguageIdentifier? languageIdentifier)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Profiles.Validate();
        var stages = Sluice.Documents.SourceProfiles.All.ToDictionary(
            name => name,
            name => new SafetyStage(Rules(options, languageIdentifier, options.Profiles.Of(name)), options.Stage),
            StringComparer.Ordinal);
        return new ProfiledSafetyStage(stages, options.Profiles.Default);
    }

    private static List<IDocumentRule> Rules(SafetyFilterOptions options, CharNGramLanguageIdentifier? languageIdentifier, SafetyProfileOptions? profile)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listed = profile?.RuleList().ToHashSet(StringComparer.Ordinal);
        bool Runs(string rule, bool enabled) => enabled && (listed is null || listed.Contains(rule));
        var rules = new List<IDocumentRule>();
        if (Runs("pii", options.Pii.Enabled))
        {
            rules.Add(new PiiRedactionRule(options.Pii));
        }

        if (Runs("language", options.Language.Enabled))
        {
            rules.Add(new LanguageIdRule(
                languageIdentifier ?? throw new ArgumentNullException(nameof(languageIdentifier), "Language identification is enabled but no identifier was given."),
                options.Language));
        }

        if (Runs("gopher_repetition", options.GopherRepetition.Enabled))
        {
            rules.Add(new GopherRepetitionRule(profile?.GopherRepetition ?? options.GopherRepetition));
        }

        if (Runs("gopher_quality", options.GopherQuality.Enabled))
        {
            rules.Add(new GopherQualityRule(profile?.GopherQuality ?? options.GopherQuality));
        }

        if (Runs("c4_quality", options.C4.Enabled))
        {
            rules.Add(new C4QualityRule(profile?.C4 ?? options.C4));
        }

        if (Runs("fineweb_quality", options.FineWeb.Enabled))
        {
            rules.Add(new FineWebQualityRule(profile?.FineWeb ?? options.FineWeb));
        }

        // Code quality runs only where a profile asks for it: prose would fail it.
        if (profile is not null && Runs("code_quality", enabled: true))
        {
            rules.Add(new CodeQualityRule(profile.CodeQuality ?? options.CodeQuality));
        }

        if (Runs("toxicity", options.Toxicity.Enabled))
        {
            rules.Add(new ToxicityRule(options.Toxicity));
        }

        return rules;
    }
}

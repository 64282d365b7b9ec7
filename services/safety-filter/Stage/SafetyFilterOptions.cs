using Sluice.Hosting;

namespace Sluice.SafetyFilter;

/// <summary>All options of the safety filter, bound from the <c>SafetyFilter</c> section: the stage mode and one options object per rule, each switchable off.</summary>
public sealed class SafetyFilterOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "SafetyFilter";

    /// <summary>Stage-wide options (tag-only mode).</summary>
    public SafetyStageOptions Stage { get; set; } = new();

    /// <summary>PII redaction; runs first so rejected records are redacted too.</summary>
    public PiiRedactionOptions Pii { get; set; } = new();

    /// <summary>Language identification and keep-list.</summary>
    public LanguageIdOptions Language { get; set; } = new();

    /// <summary>Gopher repetition rules.</summary>
    public GopherRepetitionOptions GopherRepetition { get; set; } = new();

    /// <summary>Gopher quality rules.</summary>
    public GopherQualityOptions GopherQuality { get; set; } = new();

    /// <summary>C4 line cleaning and document rules.</summary>
    public C4QualityOptions C4 { get; set; } = new();

    /// <summary>FineWeb rules.</summary>
    public FineWebQualityOptions FineWeb { get; set; } = new();

    /// <summary>Code quality thresholds (the rule runs for profiles that list <c>code_quality</c>).</summary>
    public CodeQualityOptions CodeQuality { get; set; } = new();

    /// <summary>The rule set of each source profile (web, book, code, conversation).</summary>
    public SafetyProfilesOptions Profiles { get; set; } = new();

    /// <summary>Toxicity (flagged words).</summary>
    public ToxicityOptions Toxicity { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<string> FindProblems()
    {
        var checks = new List<(string, Action)>
        {
            ("Pii", Pii.Validate), ("Language", Language.Validate), ("GopherRepetition", GopherRepetition.Validate),
            ("GopherQuality", GopherQuality.Validate), ("C4", C4.Validate), ("FineWeb", FineWeb.Validate),
            ("CodeQuality", CodeQuality.Validate), ("Profiles", Profiles.Validate),
        };
        if (Toxicity.Enabled)
        {
            checks.Add(("Toxicity", Toxicity.Validate));
        }

        return checks.SelectMany(c => OptionsProblems.From($"{SectionName}:{c.Item1}", c.Item2));
    }
}

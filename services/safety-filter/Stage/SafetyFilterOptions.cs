namespace Sluice.SafetyFilter;

/// <summary>All options of the safety filter: the stage mode and one options object per rule, each switchable off.</summary>
public sealed class SafetyFilterOptions
{
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

    /// <summary>Toxicity (flagged words).</summary>
    public ToxicityOptions Toxicity { get; set; } = new();
}

namespace Sluice.SafetyFilter;

/// <summary>Options of the language-identification rule.</summary>
public sealed class LanguageIdOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Languages kept (ISO 639-1). Default: <c>en</c>. Empty keeps every language (tagging only).</summary>
    public IReadOnlyList<string> KeepLanguages { get; set; } = ["en"];

    /// <summary>Smallest confidence for a kept language. Default 0.65 (datatrove's <c>LanguageFilter</c> threshold).</summary>
    public double MinConfidence { get; set; } = 0.65;

    /// <summary>Throws when the options are unusable.</summary>
    public void Validate()
    {
        if (KeepLanguages is null || MinConfidence is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), "Language ID: KeepLanguages must be set and MinConfidence lie in [0, 1].");
        }
    }
}

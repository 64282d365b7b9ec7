namespace Sluice.SafetyFilter;

/// <summary>
/// The safety-filter rule set of one source profile (configuration <c>SafetyFilter:Profiles:&lt;Profile&gt;</c>): which
/// rules run, and thresholds of its own for any rule. A rule runs when it is in <see cref="Rules"/> and not switched off in
/// its global section; a rule section set here replaces the global section of that rule for this profile's documents.
/// </summary>
public sealed class SafetyProfileOptions
{
    /// <summary>The rules that run, comma-separated, from: pii, language, gopher_repetition, gopher_quality, c4_quality, fineweb_quality, code_quality, toxicity.</summary>
    public string Rules { get; set; } = string.Empty;

    /// <summary>This profile's own Gopher repetition thresholds; null for the global ones.</summary>
    public GopherRepetitionOptions? GopherRepetition { get; set; }

    /// <summary>This profile's own Gopher quality thresholds; null for the global ones.</summary>
    public GopherQualityOptions? GopherQuality { get; set; }

    /// <summary>This profile's own C4 thresholds; null for the global ones.</summary>
    public C4QualityOptions? C4 { get; set; }

    /// <summary>This profile's own FineWeb thresholds; null for the global ones.</summary>
    public FineWebQualityOptions? FineWeb { get; set; }

    /// <summary>This profile's own code quality thresholds; null for the global ones.</summary>
    public CodeQualityOptions? CodeQuality { get; set; }

    /// <summary>The rule names, in the order given, without empty entries.</summary>
    public IReadOnlyList<string> RuleList() => Rules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

namespace Sluice.SafetyFilter;

/// <summary>
/// Thresholds of the FineWeb quality rule (Penedo et al. 2024, "The FineWeb Datasets"), with the defaults of
/// datatrove's <c>FineWebQualityFilter</c>.
/// </summary>
public sealed class FineWebQualityOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Smallest share of lines ending in terminal punctuation. Default 0.12 (datatrove <c>line_punct_thr</c>).</summary>
    public double MinLinePunctuationRatio { get; set; } = 0.12;

    /// <summary>Largest share of short lines. Default 0.67 (datatrove <c>short_line_thr</c>).</summary>
    public double MaxShortLineRatio { get; set; } = 0.67;

    /// <summary>A line at most this many characters long is short. Default 30 (datatrove <c>short_line_length</c>).</summary>
    public int ShortLineLength { get; set; } = 30;

    /// <summary>Largest share of the document's characters inside lines repeating an earlier line. Default 0.01 (datatrove <c>char_duplicates_ratio</c>).</summary>
    public double MaxDuplicateLineCharRatio { get; set; } = 0.01;

    /// <summary>Largest ratio of newlines to words: above it the document is a list. Default 0.3 (datatrove <c>new_line_ratio</c>).</summary>
    public double MaxNewLineToWordRatio { get; set; } = 0.3;

    /// <summary>Throws when a threshold is out of range.</summary>
    public void Validate()
    {
        if (MinLinePunctuationRatio is < 0 or > 1 || MaxShortLineRatio is < 0 or > 1 || MaxDuplicateLineCharRatio is < 0 or > 1
            || MaxNewLineToWordRatio < 0 || ShortLineLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinLinePunctuationRatio), "FineWeb: ratios must lie in [0, 1] and lengths be >= 0.");
        }
    }
}

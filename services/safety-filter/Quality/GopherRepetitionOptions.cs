namespace Sluice.SafetyFilter;

/// <summary>
/// Thresholds of the Gopher repetition rule. Defaults are from the Gopher paper (Rae et al. 2021, Table A1), the same
/// values datatrove's <c>GopherRepetitionFilter</c> uses.
/// </summary>
public sealed class GopherRepetitionOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest share of lines that repeat an earlier line. Default 0.3 (Gopher Table A1).</summary>
    public double MaxDuplicateLineFraction { get; set; } = 0.3;

    /// <summary>Largest share of paragraphs that repeat an earlier paragraph. Default 0.3 (Gopher Table A1).</summary>
    public double MaxDuplicateParagraphFraction { get; set; } = 0.3;

    /// <summary>Largest share of characters in repeated lines. Default 0.2 (Gopher Table A1).</summary>
    public double MaxDuplicateLineCharFraction { get; set; } = 0.2;

    /// <summary>Largest share of characters in repeated paragraphs. Default 0.2 (Gopher Table A1).</summary>
    public double MaxDuplicateParagraphCharFraction { get; set; } = 0.2;

    /// <summary>Per n (2, 3, 4): largest share of characters covered by the most frequent n-gram. Default 0.20, 0.18, 0.16 (Gopher Table A1).</summary>
    public IReadOnlyDictionary<int, double> MaxTopNGramCharFraction { get; set; } = new Dictionary<int, double> { [2] = 0.20, [3] = 0.18, [4] = 0.16 };

    /// <summary>Per n (5 … 10): largest share of characters inside n-grams seen earlier in the document. Default 0.15, 0.14, 0.13, 0.12, 0.11, 0.10 (Gopher Table A1).</summary>
    public IReadOnlyDictionary<int, double> MaxDuplicateNGramCharFraction { get; set; } = new Dictionary<int, double>
    {
        [5] = 0.15, [6] = 0.14, [7] = 0.13, [8] = 0.12, [9] = 0.11, [10] = 0.10,
    };

    /// <summary>Throws when a threshold is out of range.</summary>
    public void Validate()
    {
        var all = new[] { MaxDuplicateLineFraction, MaxDuplicateParagraphFraction, MaxDuplicateLineCharFraction, MaxDuplicateParagraphCharFraction }
            .Concat(MaxTopNGramCharFraction?.Values ?? []).Concat(MaxDuplicateNGramCharFraction?.Values ?? []);
        if (all.Any(v => v is < 0 or > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDuplicateLineFraction), "Gopher repetition: every fraction must lie in [0, 1].");
        }

        if (MaxTopNGramCharFraction is null || MaxDuplicateNGramCharFraction is null
            || MaxTopNGramCharFraction.Keys.Concat(MaxDuplicateNGramCharFraction.Keys).Any(n => n < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTopNGramCharFraction), "Gopher repetition: n-gram tables must be set and every n >= 1.");
        }
    }
}

namespace Sluice.SafetyFilter;

/// <summary>
/// Thresholds of the Gopher quality rule. Defaults are those of the Gopher paper (Rae et al. 2021, "Scaling Language
/// Models", Appendix A, Table A1) as datatrove's <c>GopherQualityFilter</c> also uses them.
/// </summary>
public sealed class GopherQualityOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Fewest words a document may have. Default 50 (Gopher Table A1).</summary>
    public int MinWords { get; set; } = 50;

    /// <summary>Most words a document may have. Default 100,000 (Gopher Table A1).</summary>
    public int MaxWords { get; set; } = 100_000;

    /// <summary>Smallest mean word length in characters. Default 3 (Gopher Table A1).</summary>
    public double MinMeanWordLength { get; set; } = 3;

    /// <summary>Largest mean word length in characters. Default 10 (Gopher Table A1).</summary>
    public double MaxMeanWordLength { get; set; } = 10;

    /// <summary>Largest ratio of hash symbols to words, and of ellipses to words (each separately). Default 0.1 (Gopher Table A1).</summary>
    public double MaxSymbolToWordRatio { get; set; } = 0.1;

    /// <summary>Largest share of lines starting with a bullet. Default 0.9 (Gopher Table A1).</summary>
    public double MaxBulletLineRatio { get; set; } = 0.9;

    /// <summary>Largest share of lines ending with an ellipsis. Default 0.3 (Gopher Table A1).</summary>
    public double MaxEllipsisLineRatio { get; set; } = 0.3;

    /// <summary>Smallest share of words holding at least one letter. Default 0.8 (Gopher Table A1: 80% of words).</summary>
    public double MinAlphabeticWordRatio { get; set; } = 0.8;

    /// <summary>Fewest stop words (<see cref="StopWords"/>) a document must hold. Default 2 (Gopher Table A1).</summary>
    public int MinStopWords { get; set; } = 2;

    /// <summary>The stop words counted. Default: the, be, to, of, and, that, have, with (Gopher Table A1).</summary>
    public IReadOnlyList<string> StopWords { get; set; } = ["the", "be", "to", "of", "and", "that", "have", "with"];

    /// <summary>Throws when a threshold is out of range.</summary>
    public void Validate()
    {
        if (MinWords < 0 || MaxWords < MinWords)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWords), $"Gopher quality: need 0 <= MinWords ({MinWords}) <= MaxWords ({MaxWords}).");
        }

        if (MinMeanWordLength < 0 || MaxMeanWordLength < MinMeanWordLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMeanWordLength), "Gopher quality: need 0 <= MinMeanWordLength <= MaxMeanWordLength.");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(MaxSymbolToWordRatio), MaxSymbolToWordRatio), (nameof(MaxBulletLineRatio), MaxBulletLineRatio),
                     (nameof(MaxEllipsisLineRatio), MaxEllipsisLineRatio), (nameof(MinAlphabeticWordRatio), MinAlphabeticWordRatio),
                 })
        {
            if (value is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(name, $"Gopher quality: {name} must lie in [0, 1], got {value}.");
            }
        }

        if (MinStopWords < 0 || StopWords is null)
        {
            throw new ArgumentOutOfRangeException(nameof(MinStopWords), "Gopher quality: MinStopWords must be >= 0 and StopWords set.");
        }
    }
}

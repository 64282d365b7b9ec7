namespace Sluice.SafetyFilter;

/// <summary>
/// Thresholds of the code quality rule, the heuristics code corpora use to drop generated and data-like files: average
/// and longest line (Chen et al. 2021, "Evaluating Large Language Models Trained on Code", §3.1: files with an average
/// line length over 100 or a longest line over 1,000 removed) and the share of alphanumeric characters (Li et al. 2023,
/// "StarCoder", §3: files under 25 % alphanumeric removed).
/// </summary>
public sealed class CodeQualityOptions
{
    /// <summary>Largest average line length, in characters. Default 100 (Codex).</summary>
    public double MaxMeanLineLength { get; set; } = 100;

    /// <summary>Largest line length, in characters. Default 1,000 (Codex).</summary>
    public int MaxLineLength { get; set; } = 1_000;

    /// <summary>Smallest share of letters and digits among the non-whitespace characters. Default 0.25 (StarCoder).</summary>
    public double MinAlphanumericFraction { get; set; } = 0.25;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid threshold.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(MaxMeanLineLength > 0))
        {
            errors.Add($"MaxMeanLineLength must be positive (is {MaxMeanLineLength}).");
        }

        if (MaxLineLength <= 0)
        {
            errors.Add($"MaxLineLength must be positive (is {MaxLineLength}).");
        }

        if (!(MinAlphanumericFraction is >= 0 and <= 1))
        {
            errors.Add($"MinAlphanumericFraction must be between 0 and 1 (is {MinAlphanumericFraction}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }
}

namespace Sluice.Evaluator.Scoring;

/// <summary>
/// The extractable-memorization rate (Carlini et al. 2021, "Extracting Training Data from Large Language Models"; the
/// k = m = 32 probe of Biderman et al. 2023, "Emergent and Predictable Memorization in Large Language Models"): of
/// <paramref name="Samples"/> training sequences, the share whose first k tokens make greedy decoding reproduce the
/// next m exactly.
/// </summary>
public sealed record MemorizationScore(int Samples, int Extracted, int PrefixTokens, int SuffixTokens)
{
    /// <summary>Extracted / Samples (0 with no sample).</summary>
    public double Rate => Samples == 0 ? 0 : (double)Extracted / Samples;
}

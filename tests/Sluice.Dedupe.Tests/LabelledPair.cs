namespace Sluice.Dedupe.Tests;

/// <summary>One pair of the labelled set: an original, a perturbed copy, how it was made, and the true Jaccard.</summary>
internal sealed record LabelledPair(string Original, string Variant, string Perturbation, double TargetLevel, double Jaccard)
{
    public bool IsDuplicate => Jaccard >= 0.8;
}

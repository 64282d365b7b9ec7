namespace Sluice.SafetyFilter;

/// <summary>What the toxicity rule does with a document over the flagged-word threshold.</summary>
public enum ToxicityPolicy
{
    /// <summary>Drop the document to <c>rejected/safety-filter/toxicity/</c>.</summary>
    Drop,

    /// <summary>Keep it and write the flagged-word ratio and the over-threshold mark into its metadata.</summary>
    TagOnly,
}

namespace Sluice.Dedupe;

/// <summary>How LSH candidates are confirmed before a document is called a near duplicate.</summary>
public enum NearDuplicateVerification
{
    /// <summary>Any shared LSH band makes a near duplicate (datatrove's behaviour).</summary>
    None = 0,

    /// <summary>The full signatures must agree on at least the threshold fraction of rows (the estimated Jaccard).</summary>
    EstimatedJaccard = 1,

    /// <summary>
    /// The exact Jaccard similarity of the two shingle sets must reach the threshold. Removes LSH false positives; the
    /// index then stores every kept document's shingle hashes (4 bytes per distinct shingle).
    /// </summary>
    ExactJaccard = 2,
}

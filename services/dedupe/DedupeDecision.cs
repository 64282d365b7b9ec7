namespace Sluice.Dedupe;

/// <summary>The decision for one document.</summary>
/// <param name="DocumentId">The document decided.</param>
/// <param name="Verdict">Keep, or why it is removed.</param>
/// <param name="DuplicateOf">The id of the earlier document it duplicates; null when kept.</param>
/// <param name="Similarity">Similarity to <paramref name="DuplicateOf"/>: 1 for exact duplicates, the verified or estimated Jaccard for near duplicates, 0 when kept.</param>
public sealed record DedupeDecision(string DocumentId, DedupeVerdict Verdict, string? DuplicateOf, double Similarity)
{
    /// <summary>A decision to keep the document.</summary>
    public static DedupeDecision Kept(string documentId) => new(documentId, DedupeVerdict.Keep, null, 0);
}

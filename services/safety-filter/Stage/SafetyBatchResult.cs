namespace Sluice.SafetyFilter;

/// <summary>The outcome of one shard's worth of documents: kept documents in input order, and rejected records grouped by rule.</summary>
/// <param name="Kept">Kept (cleaned, redacted, tagged) documents, in input order.</param>
/// <param name="RejectedByRule">Rejected records per rule name, each list in input order; write each under its <see cref="RejectedDocument.Folder"/>.</param>
public sealed record SafetyBatchResult(IReadOnlyList<SafetyDocument> Kept, IReadOnlyDictionary<string, IReadOnlyList<RejectedDocument>> RejectedByRule);

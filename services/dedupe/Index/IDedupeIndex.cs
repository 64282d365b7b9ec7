namespace Sluice.Dedupe.Index;

/// <summary>
/// The global dedupe index: every document ever decided, across shards, runs and replicas. Implementations make each
/// <see cref="ClaimDocumentsAsync"/> call atomic and equivalent to some one-at-a-time order of all concurrent calls, so
/// two replicas racing on near-duplicates never both keep them and never both drop them; and they remember each
/// decision by document id, so processing the same shard again returns the same decisions.
/// </summary>
public interface IDedupeIndex : IAsyncDisposable
{
    /// <summary>The settings the index was built with (<see cref="DedupeOptions.IndexConfiguration"/>).</summary>
    string Configuration { get; }

    /// <summary>
    /// Decides a batch of documents of one shard, in order, against everything decided before (and earlier documents of
    /// the batch), and records the decisions. A document already decided in the same shard gets its recorded decision
    /// again; one already kept by another shard is an exact duplicate of itself.
    /// </summary>
    /// <exception cref="DocumentIdConflictException">A document id was decided before with different content.</exception>
    Task<IReadOnlyList<DedupeDecision>> ClaimDocumentsAsync(string shardKey, IReadOnlyList<DocumentFingerprint> documents, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the first document to show each boilerplate segment and returns, per claim and per segment hash, the id
    /// of that first document (the claiming document's own id for segments it owns).
    /// </summary>
    Task<IReadOnlyList<string[]>> ClaimSegmentsAsync(IReadOnlyList<SegmentClaim> claims, CancellationToken cancellationToken = default);
}

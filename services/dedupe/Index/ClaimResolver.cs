using Sluice.Dedupe.MinHash;

namespace Sluice.Dedupe.Index;

/// <summary>
/// The decision rules every index applies, inside whatever makes the batch atomic (a lock, a serializable
/// transaction). Reads go through the batch's own writes first, so later documents of a batch see earlier ones.
/// </summary>
internal sealed class ClaimResolver(NearDuplicateVerification verification, double threshold)
{
    public static ClaimResolver For(DedupeOptions options) => new(options.Verification, options.VerificationThreshold);

    public (IReadOnlyList<DedupeDecision> Decisions, ClaimWrites Writes) Resolve(
        string shardKey, IReadOnlyList<DocumentFingerprint> documents, IIndexView view)
    {
        var writes = new ClaimWrites();
        var decisions = new DedupeDecision[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            decisions[i] = Decide(shardKey, documents[i], view, writes);
        }

        return (decisions, writes);
    }

    private DedupeDecision Decide(string shardKey, DocumentFingerprint document, IIndexView view, ClaimWrites writes)
    {
        var id = document.DocumentId;
        var remembered = writes.Decisions.GetValueOrDefault(id) ?? view.Decision(id);
        if (remembered is not null)
        {
            if (remembered.ContentHash != document.ContentHash)
            {
                throw new DocumentIdConflictException(id, shardKey);
            }

            if (remembered.ShardKey == shardKey)
            {
                return remembered.Decision;
            }

            // Already decided in another shard: a kept copy must not be kept twice.
            return remembered.Decision.Verdict == DedupeVerdict.Keep
                ? new DedupeDecision(id, DedupeVerdict.ExactDuplicate, id, 1.0)
                : remembered.Decision;
        }

        var exactOwner = writes.ExactKeys.GetValueOrDefault(document.ContentHash) ?? view.ExactOwner(document.ContentHash);
        if (exactOwner is not null)
        {
            return Record(writes, shardKey, document, new DedupeDecision(id, DedupeVerdict.ExactDuplicate, exactOwner, 1.0));
        }

        var (nearest, similarity) = NearestCandidate(document, view, writes);
        writes.ExactKeys[document.ContentHash] = id;
        if (nearest is not null)
        {
            return Record(writes, shardKey, document, new DedupeDecision(id, DedupeVerdict.NearDuplicate, nearest, similarity));
        }

        foreach (var key in document.BandKeys)
        {
            writes.BandRows.Add((key, id));
            if (!writes.BandMembers.TryGetValue(key, out var members))
            {
                writes.BandMembers[key] = members = [];
            }

            members.Add(id);
        }

        writes.Kept[id] = new KeptDocument(id, document.Signature, document.ShingleSet);
        return Record(writes, shardKey, document, DedupeDecision.Kept(id));
    }

    private (string? Id, double Similarity) NearestCandidate(DocumentFingerprint document, IIndexView view, ClaimWrites writes)
    {
        string? best = null;
        var bestSimilarity = -1.0;
        HashSet<string>? seen = null;
        foreach (var key in document.BandKeys)
        {
            var members = writes.BandMembers.TryGetValue(key, out var local)
                ? view.BandMembers(key).Concat(local)
                : view.BandMembers(key);
            foreach (var candidate in members)
            {
                seen ??= new HashSet<string>(StringComparer.Ordinal);
                if (candidate == document.DocumentId || !seen.Add(candidate))
                {
                    continue;
                }

                var kept = writes.Kept.GetValueOrDefault(candidate) ?? view.Kept(candidate)
                    ?? throw new InvalidOperationException($"Dedupe index lists '{candidate}' in an LSH band but holds no signature for it; the index is inconsistent.");
                var similarity = Similarity(document, kept);
                if (!Accepts(similarity))
                {
                    continue;
                }

                if (similarity > bestSimilarity || (similarity == bestSimilarity && string.CompareOrdinal(candidate, best) < 0))
                {
                    best = candidate;
                    bestSimilarity = similarity;
                }
            }
        }

        return (best, bestSimilarity);
    }

    private double Similarity(DocumentFingerprint document, KeptDocument kept)
    {
        if (verification == NearDuplicateVerification.ExactJaccard)
        {
            if (document.ShingleSet is null || kept.ShingleSet is null)
            {
                throw new InvalidOperationException($"Exact-Jaccard verification needs shingle sets, but '{(document.ShingleSet is null ? document.DocumentId : kept.DocumentId)}' has none.");
            }

            return LshBanding.ExactJaccard(document.ShingleSet, kept.ShingleSet);
        }

        return LshBanding.EstimateJaccard(document.Signature, kept.Signature);
    }

    private bool Accepts(double similarity) => verification == NearDuplicateVerification.None || similarity >= threshold;

    private static DedupeDecision Record(ClaimWrites writes, string shardKey, DocumentFingerprint document, DedupeDecision decision)
    {
        writes.Decisions[document.DocumentId] = new StoredDecision(shardKey, document.ContentHash, decision);
        return decision;
    }
}

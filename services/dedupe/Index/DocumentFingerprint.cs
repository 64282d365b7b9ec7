namespace Sluice.Dedupe.Index;

/// <summary>What the index needs to know about one document: its identity, exact hash, signature and LSH band keys.</summary>
/// <param name="DocumentId">The document's stable identifier.</param>
/// <param name="ContentHash">128 bits of SHA-256 over the normalized text (UTF-8).</param>
/// <param name="Signature">The MinHash signature.</param>
/// <param name="BandKeys">One key per LSH band; empty for a document without words (only exact dedupe applies).</param>
/// <param name="ShingleSet">Sorted, distinct shingle hashes; present only for exact-Jaccard verification.</param>
public sealed record DocumentFingerprint(string DocumentId, UInt128 ContentHash, uint[] Signature, ulong[] BandKeys, uint[]? ShingleSet);

namespace Sluice.Dedupe.Index;

/// <summary>One document's boilerplate segments, offered to the index in document order.</summary>
/// <param name="DocumentId">The document the segments belong to.</param>
/// <param name="SegmentHashes">Hashes of the document's normalized segments.</param>
public sealed record SegmentClaim(string DocumentId, ulong[] SegmentHashes);

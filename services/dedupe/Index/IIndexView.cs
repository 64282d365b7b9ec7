namespace Sluice.Dedupe.Index;

/// <summary>Read access to an index's state, as needed by <see cref="ClaimResolver"/>.</summary>
internal interface IIndexView
{
    StoredDecision? Decision(string documentId);

    string? ExactOwner(UInt128 contentHash);

    IEnumerable<string> BandMembers(ulong bandKey);

    KeptDocument? Kept(string documentId);
}

namespace Sluice.Dedupe.Index;

/// <summary>The rows of a remote index that one batch can touch, read inside the batch's transaction.</summary>
internal sealed class PrefetchedIndexView : IIndexView
{
    public Dictionary<string, StoredDecision> Decisions { get; } = new(StringComparer.Ordinal);

    public Dictionary<UInt128, string> ExactKeys { get; } = [];

    public Dictionary<ulong, List<string>> Bands { get; } = [];

    public Dictionary<string, KeptDocument> KeptDocuments { get; } = new(StringComparer.Ordinal);

    public StoredDecision? Decision(string documentId) => Decisions.GetValueOrDefault(documentId);

    public string? ExactOwner(UInt128 contentHash) => ExactKeys.GetValueOrDefault(contentHash);

    public IEnumerable<string> BandMembers(ulong bandKey) => Bands.TryGetValue(bandKey, out var members) ? members : [];

    public KeptDocument? Kept(string documentId) => KeptDocuments.GetValueOrDefault(documentId);
}

namespace Sluice.Dedupe.Index;

/// <summary>What one batch adds to the index; also the overlay the rest of the batch reads through.</summary>
internal sealed class ClaimWrites
{
    public Dictionary<string, StoredDecision> Decisions { get; } = new(StringComparer.Ordinal);

    public Dictionary<UInt128, string> ExactKeys { get; } = [];

    public List<(ulong Key, string DocumentId)> BandRows { get; } = [];

    public Dictionary<ulong, List<string>> BandMembers { get; } = [];

    public Dictionary<string, KeptDocument> Kept { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Decisions.Count == 0;
}

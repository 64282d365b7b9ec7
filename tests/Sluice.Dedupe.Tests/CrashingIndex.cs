using Sluice.Dedupe.Index;

namespace Sluice.Dedupe.Tests;

/// <summary>Passes claims through to a real index and runs <paramref name="crash"/> (killing the server) before the claim after <paramref name="afterClaims"/>.</summary>
internal sealed class CrashingIndex(IDedupeIndex inner, int afterClaims, Action crash) : IDedupeIndex
{
    private int claims;

    public string Configuration => inner.Configuration;

    public Task<IReadOnlyList<DedupeDecision>> ClaimDocumentsAsync(string shardKey, IReadOnlyList<DocumentFingerprint> documents, CancellationToken cancellationToken = default)
    {
        if (++claims > afterClaims)
        {
            crash();
        }

        return inner.ClaimDocumentsAsync(shardKey, documents, cancellationToken);
    }

    public Task<IReadOnlyList<string[]>> ClaimSegmentsAsync(IReadOnlyList<SegmentClaim> claims, CancellationToken cancellationToken = default) =>
        inner.ClaimSegmentsAsync(claims, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

namespace Sluice.Bench.Dedupe;

/// <summary>What one peer run reported: the input size, the median seconds per pass, and the duplicates it flagged.</summary>
internal sealed record PeerRun(long Bytes, Timing Timing, int Duplicates);

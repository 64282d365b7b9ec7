namespace Sluice.Bench.Dedupe;

/// <summary>
/// Median wall-clock and CPU seconds of repeated passes. On a shared machine the CPU time is the fairer "per core"
/// measure: time spent waiting for a core another process holds is not counted.
/// </summary>
internal sealed record Timing(double WallSeconds, double CpuSeconds);

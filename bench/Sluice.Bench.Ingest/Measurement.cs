namespace Sluice.Bench.Ingest;

/// <summary>One timed run: wall-clock seconds, CPU seconds of the process, documents produced.</summary>
internal sealed record Measurement(double WallSeconds, double CpuSeconds, long Documents);

/// <summary>What one training process measured: per-step losses, wall and CPU seconds, peak resident memory, and generation speed.</summary>
internal sealed record WorkerResult(
    List<double> Losses,
    List<double> Seconds,
    List<double> CpuSeconds,
    long PeakRssBytes,
    double TimeToFirstTokenMs,
    double GenerationTokensPerSecond,
    List<long> RssSamples)
{
    /// <summary>Tokens per wall second over the steps after the first (warm-up).</summary>
    public double WallRate(double tokensPerStep) => tokensPerStep * (Seconds.Count - 1) / Seconds.Skip(1).Sum();

    /// <summary>Tokens per CPU second (all threads) over the steps after the first.</summary>
    public double CpuRate(double tokensPerStep) => tokensPerStep * (CpuSeconds.Count - 1) / CpuSeconds.Skip(1).Sum();
}

namespace Sluice.Evaluator.Scoring;

/// <summary>Generation latency over the sample prompts: median time to the first token and median tokens per second.</summary>
public sealed record LatencyScore(double TimeToFirstTokenMilliseconds, double TokensPerSecond, int Generations);

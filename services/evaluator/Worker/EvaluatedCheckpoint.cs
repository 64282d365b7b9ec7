namespace Sluice.Evaluator.Worker;

/// <summary>One evaluated checkpoint's metrics (<c>state/evaluator/&lt;model&gt;/history/</c>), for the report's metric charts.</summary>
public sealed record EvaluatedCheckpoint(string RunId, long Step, IReadOnlyDictionary<string, double> Metrics);

namespace Sluice.Contracts;

/// <summary>
/// <c>state/evaluator/&lt;model&gt;/best.json</c> (<see cref="LakeKeys.BestCheckpoint"/>): the model line's best checkpoint
/// so far on the primary metric, moved only by the evaluator's regression gate. The trainer's retention never deletes it.
/// </summary>
public sealed record BestCheckpoint
{
    /// <summary>The model line.</summary>
    public required string Model { get; init; }

    /// <summary>The run of the best checkpoint.</summary>
    public required string RunId { get; init; }

    /// <summary>Its step.</summary>
    public required long Step { get; init; }

    /// <summary>Its manifest.</summary>
    public required StoredObjectRef Manifest { get; init; }

    /// <summary>The primary metric's name (for example <c>bits-per-byte</c>).</summary>
    public required string Metric { get; init; }

    /// <summary>Its value (lower is better).</summary>
    public required double Value { get; init; }

    /// <summary>Every metric of its evaluation, by name (the deltas of later checkpoints are against these).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}

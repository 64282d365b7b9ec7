namespace Sluice.Evaluation.Gate;

/// <summary>How much better than the line's current best a checkpoint must be to be promoted.</summary>
public sealed record GateOptions
{
    /// <summary>The default: any strict improvement promotes.</summary>
    public static GateOptions Default { get; } = new();

    /// <summary>
    /// The margin, relative to the current best: a checkpoint is promoted only when its bits per byte are below
    /// <c>best · (1 − margin)</c>, so 0.01 asks for a 1 % improvement. Relative rather than absolute because bits per
    /// byte differ between corpora (0.01 bits is a lot on one and noise on another) while a share of the current value
    /// means the same on each. In [0, 1). Default 0: strictly lower is enough (a tie is not an improvement).
    /// </summary>
    public double MinimumRelativeImprovement { get; init; }
}

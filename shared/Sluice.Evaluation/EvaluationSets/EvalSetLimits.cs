namespace Sluice.Evaluation.EvaluationSets;

/// <summary>Bounds on one evaluation set, so a mistaken upload cannot make an evaluation run for hours.</summary>
public sealed record EvalSetLimits
{
    /// <summary>The default limits.</summary>
    public static EvalSetLimits Default { get; } = new();

    /// <summary>Most items a set may hold; lines past it are reported as one problem and not read. Default 2,000.</summary>
    public int MaxItems { get; init; } = 2_000;

    /// <summary>Largest file in bytes; a larger one is refused whole with one problem, unread. Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Longest line in UTF-8 bytes; a longer line is a problem. Default 65,536.</summary>
    public int MaxLineBytes { get; init; } = 65_536;
}

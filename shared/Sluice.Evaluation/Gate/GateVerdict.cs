namespace Sluice.Evaluation.Gate;

/// <summary>What the regression gate decided for a checkpoint.</summary>
public enum GateVerdict
{
    /// <summary>The checkpoint becomes the line's current best.</summary>
    Promote,

    /// <summary>The checkpoint is kept and reported but the line's best stays as it was.</summary>
    Decline,
}

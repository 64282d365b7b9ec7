namespace Sluice.Hosting.Jobs;

/// <summary>How a job handler's run ended.</summary>
/// <param name="Succeeded">True for a result, false for a failure that retrying the same request cannot fix.</param>
/// <param name="Detail">The result (as the handler's announcement reads it) or the failure reason.</param>
public sealed record JobOutcome(bool Succeeded, string Detail)
{
    /// <summary>A result.</summary>
    public static JobOutcome Success(string result) => new(true, result);

    /// <summary>A failure with its reason.</summary>
    public static JobOutcome Failure(string reason) => new(false, reason);
}

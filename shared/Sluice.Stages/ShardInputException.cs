namespace Sluice.Stages;

/// <summary>
/// The input a message names can never be processed: its bytes differ from the claim check, it is not a readable
/// shard, or it is gone. The runner quarantines it with <see cref="Reason"/> at once; retrying cannot help.
/// </summary>
public sealed class ShardInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">A kebab-case reason (see <see cref="ShardInputReasons"/>).</param>
    /// <param name="detail">What exactly was found.</param>
    /// <param name="inner">The error that showed it, if any.</param>
    public ShardInputException(string reason, string detail, Exception? inner = null)
        : base(detail, inner)
    {
        Reason = reason;
    }

    /// <summary>The kebab-case reason, the folder of the quarantine record.</summary>
    public string Reason { get; }
}

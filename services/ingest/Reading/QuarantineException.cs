namespace Sluice.Ingest.Reading;

/// <summary>Thrown inside the readers when an object or archive entry must be quarantined; caught where the object or entry began.</summary>
internal sealed class QuarantineException(string reason, string detail) : Exception(detail)
{
    /// <summary>One of <see cref="RejectionReasons"/>.</summary>
    public string Reason { get; } = reason;
}

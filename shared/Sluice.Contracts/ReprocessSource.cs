namespace Sluice.Contracts;

/// <summary>
/// A person or the CLI asks ingest to process a dropped object again, even if it was processed before (for example
/// after a configuration change). Outputs are keyed by content and configuration, so an unchanged configuration
/// rewrites the same keys with the same bytes.
/// </summary>
public sealed record ReprocessSource
{
    /// <summary>The schema version this message was written with (<see cref="MessageSchema"/>).</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>The key of the object in the drop bucket.</summary>
    public required string SourceKey { get; init; }

    /// <summary>Who asked, for the logs (a user name, <c>cli</c>, a service name).</summary>
    public required string RequestedBy { get; init; }
}

using Sluice.Contracts;

namespace Sluice.Hosting.Tests;

/// <summary>A message the hosting tests send through the bus.</summary>
public sealed record ProbeMessage
{
    /// <summary>The schema version, as every Sluice message carries it.</summary>
    public int SchemaVersion { get; init; } = MessageSchema.Current;

    /// <summary>Tells probes apart.</summary>
    public required string Text { get; init; }
}

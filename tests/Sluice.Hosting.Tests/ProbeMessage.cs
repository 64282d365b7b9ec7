namespace Sluice.Hosting.Tests;

/// <summary>A message the hosting tests send through the bus.</summary>
public sealed record ProbeMessage
{
    /// <summary>Tells probes apart.</summary>
    public required string Text { get; init; }
}

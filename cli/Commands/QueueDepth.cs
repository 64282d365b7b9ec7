namespace Sluice.Cli;

/// <summary>A stage's queue as the broker's management API counts it.</summary>
/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacknowledged">Messages a consumer holds now.</param>
/// <param name="Consumers">Consumers attached (replicas × endpoints).</param>
/// <param name="Errors">Messages in the stage's <c>_error</c> queue (failed for good, waiting for a person).</param>
internal sealed record QueueDepth(long Ready, long Unacknowledged, long Consumers, long Errors);

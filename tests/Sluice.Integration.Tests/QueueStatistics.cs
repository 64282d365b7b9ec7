namespace Sluice.Integration.Tests;

/// <summary>One queue as the broker's management API counts it.</summary>
/// <param name="Ready">Messages waiting for a consumer.</param>
/// <param name="Unacknowledged">Messages delivered and held by a consumer.</param>
/// <param name="Consumers">Consumers attached.</param>
/// <param name="Acknowledged">Deliveries acknowledged over the queue's life.</param>
/// <param name="Redelivered">Deliveries that were repeats over the queue's life.</param>
public sealed record QueueStatistics(int Ready, int Unacknowledged, int Consumers, int Acknowledged, int Redelivered);

using System.Collections.Concurrent;

namespace Sluice.Hosting.Tests;

/// <summary>What the probe consumers saw, shared with the test through the container.</summary>
public sealed class ProbeLog
{
    /// <summary>Texts consumed successfully.</summary>
    public ConcurrentQueue<string> Consumed { get; } = new();

    /// <summary>Delivery attempts of the failing consumer.</summary>
    public ConcurrentQueue<string> FailedAttempts { get; } = new();

    /// <summary>Completed when the first message is consumed.</summary>
    public TaskCompletionSource FirstConsumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

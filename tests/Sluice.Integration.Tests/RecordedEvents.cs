using System.Collections.Concurrent;
using Sluice.Contracts;

namespace Sluice.Integration.Tests;

/// <summary>Every pipeline event the test's own bus received from the broker.</summary>
public sealed class RecordedEvents
{
    /// <summary>DataArrived events, in arrival order.</summary>
    public ConcurrentQueue<DataArrived> DataArrived { get; } = new();

    /// <summary>SourceIngested events, in arrival order.</summary>
    public ConcurrentQueue<SourceIngested> SourceIngested { get; } = new();

    /// <summary>Deduplicated events, in arrival order.</summary>
    public ConcurrentQueue<Deduplicated> Deduplicated { get; } = new();

    /// <summary>Cleaned events, in arrival order.</summary>
    public ConcurrentQueue<Cleaned> Cleaned { get; } = new();

    /// <summary>Tokenized events, in arrival order.</summary>
    public ConcurrentQueue<Tokenized> Tokenized { get; } = new();

    /// <summary>Waits until <paramref name="condition"/> holds, checking after every event (and every second).</summary>
    public async Task WaitUntilAsync(Func<RecordedEvents, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}: {SourceIngested.Count} SourceIngested, {DataArrived.Count} DataArrived, {Deduplicated.Count} Deduplicated, {Cleaned.Count} Cleaned, {Tokenized.Count} Tokenized so far.");
            }

            await Task.Delay(100);
        }
    }
}

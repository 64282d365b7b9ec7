using System.Collections.Concurrent;
using Sluice.Stages;

namespace Sluice.Testing;

/// <summary>The events a stage run published, kept in order, for tests and benchmarks that run stages without a bus.</summary>
public sealed class CollectedEvents : IStagePublisher
{
    private readonly ConcurrentQueue<object> events = new();

    /// <summary>Every event, in publish order.</summary>
    public IReadOnlyList<object> All => events.ToList();

    /// <summary>The events of one type, in publish order.</summary>
    public IReadOnlyList<T> Of<T>() => events.OfType<T>().ToList();

    /// <inheritdoc />
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        events.Enqueue(message);
        return Task.CompletedTask;
    }
}

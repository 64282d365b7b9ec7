using System.Collections.Concurrent;
using MassTransit;

namespace Sluice.Cli.Embedded;

/// <summary>
/// Counts messages being received anywhere on the embedded bus, so the run can tell when every stage has gone quiet:
/// each stage publishes its events before it finishes the message that caused them, so the bus is idle only when
/// no message is in flight and none arrived for a short while. It also counts, per message type and consumer, the
/// messages each consumer has finished with (consumed or faulted), so the run can wait for one consumer to catch up.
/// </summary>
internal sealed class BusActivityObserver(TimeProvider clock) : IReceiveObserver
{
    private int inFlight;
    private long lastActivityTicks = clock.GetTimestamp();
    private readonly ConcurrentDictionary<(Type Message, string Consumer), long> finished = new();

    public bool IsIdle(TimeSpan quietFor) =>
        Volatile.Read(ref inFlight) == 0 && clock.GetElapsedTime(Interlocked.Read(ref lastActivityTicks)) >= quietFor;

    public Task PreReceive(ReceiveContext context)
    {
        Interlocked.Increment(ref inFlight);
        Touch();
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        Interlocked.Decrement(ref inFlight);
        Touch();
        return Task.CompletedTask;
    }

    /// <summary>How many <typeparamref name="TMessage"/> messages the consumer of type <paramref name="consumer"/> has finished with.</summary>
    public long Finished<TMessage>(Type consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);

        // MassTransit names the consumer by its type, with or without the namespace.
        return finished.Where(f => f.Key.Message == typeof(TMessage) && (f.Key.Consumer == consumer.FullName || f.Key.Consumer == consumer.Name)).Sum(f => f.Value);
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class
    {
        finished.AddOrUpdate((typeof(T), consumerType), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        finished.AddOrUpdate((typeof(T), consumerType), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Interlocked.Decrement(ref inFlight);
        Touch();
        return Task.CompletedTask;
    }

    private void Touch() => Interlocked.Exchange(ref lastActivityTicks, clock.GetTimestamp());
}

using MassTransit;

namespace Sluice.Cli.Embedded;

/// <summary>
/// Counts messages being received anywhere on the embedded bus, so the run can tell when every stage has gone quiet:
/// each stage publishes its events before it finishes the message that caused them, so the bus is idle only when
/// no message is in flight and none arrived for a short while.
/// </summary>
internal sealed class BusActivityObserver(TimeProvider clock) : IReceiveObserver
{
    private int inFlight;
    private long lastActivityTicks = clock.GetTimestamp();

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

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Interlocked.Decrement(ref inFlight);
        Touch();
        return Task.CompletedTask;
    }

    private void Touch() => Interlocked.Exchange(ref lastActivityTicks, clock.GetTimestamp());
}

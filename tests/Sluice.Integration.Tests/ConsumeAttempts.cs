using MassTransit;

namespace Sluice.Integration.Tests;

/// <summary>Counts a worker's consume attempts: every delivery or retry that reached a consumer, and those that threw.</summary>
public sealed class ConsumeAttempts : IConsumeObserver
{
    private int consumed;
    private int faulted;

    /// <summary>Attempts that completed.</summary>
    public int Consumed => Volatile.Read(ref consumed);

    /// <summary>Attempts that threw (each one retried or sent to <c>_error</c>).</summary>
    public int Faulted => Volatile.Read(ref faulted);

    /// <inheritdoc />
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        Interlocked.Increment(ref faulted);
        return Task.CompletedTask;
    }
}

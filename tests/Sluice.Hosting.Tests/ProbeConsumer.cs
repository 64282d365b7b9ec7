using MassTransit;

namespace Sluice.Hosting.Tests;

/// <summary>Records each probe it consumes.</summary>
public sealed class ProbeConsumer(ProbeLog log) : IConsumer<ProbeMessage>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<ProbeMessage> context)
    {
        log.Consumed.Enqueue(context.Message.Text);
        log.FirstConsumed.TrySetResult();
        return Task.CompletedTask;
    }
}

using MassTransit;

namespace Sluice.Hosting.Tests;

/// <summary>Signals that it started, then takes a while before it records the probe as done.</summary>
public sealed class SlowProbeConsumer(ProbeLog log) : IConsumer<ProbeMessage>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ProbeMessage> context)
    {
        log.FirstConsumed.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        log.Consumed.Enqueue(context.Message.Text);
    }
}

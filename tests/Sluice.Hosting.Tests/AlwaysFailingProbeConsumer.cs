using MassTransit;

namespace Sluice.Hosting.Tests;

/// <summary>Fails every delivery with a fault that may heal (a timeout), to exercise retry and the error queue.</summary>
public sealed class AlwaysFailingProbeConsumer(ProbeLog log) : IConsumer<ProbeMessage>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<ProbeMessage> context)
    {
        log.FailedAttempts.Enqueue(context.Message.Text);
        throw new TimeoutException($"probe '{context.Message.Text}' always times out");
    }
}

using MassTransit;

namespace Sluice.Hosting.Tests;

/// <summary>Fails every delivery, to exercise retry and the error queue.</summary>
public sealed class AlwaysFailingProbeConsumer(ProbeLog log) : IConsumer<ProbeMessage>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<ProbeMessage> context)
    {
        log.FailedAttempts.Enqueue(context.Message.Text);
        throw new InvalidOperationException($"probe '{context.Message.Text}' always fails");
    }
}

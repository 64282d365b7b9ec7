using MassTransit;

namespace Sluice.Hosting.Tests;

/// <summary>Finds every delivery invalid: a failure no retry can heal.</summary>
public sealed class InvalidProbeConsumer(ProbeLog log) : IConsumer<ProbeMessage>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<ProbeMessage> context)
    {
        log.FailedAttempts.Enqueue(context.Message.Text);
        throw new InvalidDataException($"probe '{context.Message.Text}' is not valid");
    }
}

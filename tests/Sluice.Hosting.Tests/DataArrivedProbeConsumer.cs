using MassTransit;
using Sluice.Contracts;

namespace Sluice.Hosting.Tests;

/// <summary>Stands in for the dedupe stage's endpoint: records the shard key of each <see cref="DataArrived"/> it consumes.</summary>
public sealed class DataArrivedProbeConsumer(ProbeLog log) : IConsumer<DataArrived>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<DataArrived> context)
    {
        log.Consumed.Enqueue(context.Message.Shard.Key);
        log.FirstConsumed.TrySetResult();
        return Task.CompletedTask;
    }
}

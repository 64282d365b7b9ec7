using MassTransit;
using Microsoft.Extensions.Logging;
using Sluice.Contracts;

namespace Sluice.Hosting.Tests;

/// <summary>Logs one structured line per shard event, as a stage does.</summary>
public sealed class ShardProbeConsumer(ILogger<ShardProbeConsumer> logger) : IConsumer<DataArrived>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<DataArrived> context)
    {
        logger.LogInformation("{Stage} read {DocCount} docs", "probe", context.Message.Shard.RecordCount);
        return Task.CompletedTask;
    }
}

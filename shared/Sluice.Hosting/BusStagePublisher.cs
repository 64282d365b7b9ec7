using MassTransit;
using Sluice.Stages;

namespace Sluice.Hosting;

/// <summary>
/// The runner's publisher on the bus: publishes through the consume context (so events carry its conversation and
/// trace); the events that carry data to the next stage must reach a queue (<see cref="RoutedPublish"/>).
/// </summary>
public sealed class BusStagePublisher(IPublishEndpoint endpoint) : IStagePublisher
{
    /// <inheritdoc />
    public Task PublishAsync<T>(T message, CancellationToken cancellationToken)
        where T : class => endpoint.PublishRoutedAsync(message, cancellationToken);
}

using MassTransit;
using Sluice.Contracts;

namespace Sluice.Hosting;

/// <summary>
/// Publishing of the messages that carry accepted data from one stage to the next (<see cref="ObjectDropped"/>,
/// <see cref="DataArrived"/>, <see cref="Deduplicated"/>, <see cref="Cleaned"/>, <see cref="Tokenized"/>). RabbitMQ drops
/// a message that no queue is bound for, and confirms it all the same; the first time a stack starts, a stage's queue
/// only exists once that stage has connected, so an event published earlier would be lost without a trace. These are
/// published mandatory: a message no queue takes comes back, the publish fails with
/// <see cref="MessageReturnedException"/> (transient, <see cref="TransientFaults"/>), and
/// the work that published it is retried until the next stage is there. Other events (progress, answers, reports) may
/// have no consumer in a deployment and are published as usual.
/// </summary>
public static class RoutedPublish
{
    private static readonly HashSet<Type> Routed = [typeof(ObjectDropped), typeof(DataArrived), typeof(Deduplicated), typeof(Cleaned), typeof(Tokenized)];

    /// <summary>Whether messages of type <paramref name="messageType"/> must reach a queue.</summary>
    public static bool MustReachAQueue(Type messageType) => Routed.Contains(messageType);

    /// <summary>Publishes <paramref name="message"/>, mandatory on RabbitMQ when its type must reach a queue.</summary>
    public static Task PublishRoutedAsync<T>(this IPublishEndpoint endpoint, T message, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!MustReachAQueue(typeof(T)))
        {
            return endpoint.Publish(message, cancellationToken);
        }

        return endpoint.Publish(message, context =>
        {
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
        }, cancellationToken);
    }
}

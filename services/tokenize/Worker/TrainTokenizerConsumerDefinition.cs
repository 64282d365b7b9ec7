using MassTransit;

namespace Sluice.Tokenize.Worker;

/// <summary>
/// The <c>tokenizer-training</c> endpoint: on RabbitMQ its queue has a single active consumer, so however many tokenize
/// replicas run, one handles training requests at a time and the others stand by.
/// </summary>
internal sealed class TrainTokenizerConsumerDefinition : ConsumerDefinition<TrainTokenizerConsumer>
{
    /// <summary>The endpoint's queue name.</summary>
    public const string QueueName = "tokenizer-training";

    public TrainTokenizerConsumerDefinition()
    {
        EndpointName = QueueName;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TrainTokenizerConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SingleActiveConsumer = true;
        }
    }
}

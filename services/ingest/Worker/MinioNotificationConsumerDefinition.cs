using MassTransit;

namespace Sluice.Ingest.Worker;

/// <summary>
/// The MinIO notification endpoint: MinIO's JSON is not a MassTransit envelope, so it is read as raw JSON, and the queue
/// is bound to the exchange MinIO publishes to (declared the way MinIO is configured to declare it: durable).
/// </summary>
internal sealed class MinioNotificationConsumerDefinition : ConsumerDefinition<MinioNotificationConsumer>
{
    private readonly DropWatchOptions options;

    public MinioNotificationConsumerDefinition(DropWatchOptions options)
    {
        this.options = options;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<MinioNotificationConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        endpointConfigurator.ConfigureConsumeTopology = false;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.Bind(options.MinioExchange, binding =>
            {
                binding.ExchangeType = options.MinioExchangeType;
                binding.Durable = true;
                binding.AutoDelete = false;
                binding.RoutingKey = options.MinioExchangeType == "topic" ? "#" : string.Empty;
            });
        }
    }
}

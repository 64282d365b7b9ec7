namespace Sluice.Hosting;

/// <summary>Which message transport the bus runs on.</summary>
public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport: one process, nothing to install (the embedded run, tests).</summary>
    InMemory,

    /// <summary>A RabbitMQ broker: each service its own process, competing consumers, durable queues.</summary>
    RabbitMq,
}

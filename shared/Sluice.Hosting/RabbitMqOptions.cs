namespace Sluice.Hosting;

/// <summary>How to reach RabbitMQ, bound from <c>Bus:RabbitMq</c> (environment: <c>Bus__RabbitMq__Host</c>, …).</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The broker's host name. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The AMQP port. Default 5672.</summary>
    public int Port { get; set; } = 5672;

    /// <summary>The virtual host. Default <c>/</c>.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>The user name. Required; no default (credentials come from the environment or an env file).</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>The password. Required; no default.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>
    /// Declare service queues as quorum queues (replicated, durable). Default true; RabbitMQ supports them from 3.8 on,
    /// so set false only for an older broker.
    /// </summary>
    public bool UseQuorumQueues { get; set; } = true;

    /// <summary>The port of the broker's management API (HTTP, on <see cref="Host"/>), which <c>sluice status</c> reads queue depths from. Default 15672.</summary>
    public int ManagementPort { get; set; } = 15672;

    /// <summary>Wait for the broker to confirm each publish before it counts as sent. Default true.</summary>
    public bool PublisherConfirmation { get; set; } = true;

    /// <summary>Every problem with these settings, empty when they are usable.</summary>
    public IEnumerable<string> FindProblems()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return "Bus:RabbitMq:Host is empty";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"Bus:RabbitMq:Port {Port} is not a port number";
        }

        if (ManagementPort is < 1 or > 65535)
        {
            yield return $"Bus:RabbitMq:ManagementPort {ManagementPort} is not a port number";
        }

        if (string.IsNullOrWhiteSpace(VirtualHost))
        {
            yield return "Bus:RabbitMq:VirtualHost is empty";
        }

        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            yield return "Bus:RabbitMq:Username and Bus:RabbitMq:Password are required (no default credentials)";
        }
    }
}

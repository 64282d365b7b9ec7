namespace Sluice.Hosting;

/// <summary>The message bus, bound from the <c>Bus</c> configuration section (environment: <c>Bus__Transport</c>, …).</summary>
public sealed class BusOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Bus";

    /// <summary>The transport. Default <see cref="BusTransport.InMemory"/>.</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>The broker, when <see cref="Transport"/> is <see cref="BusTransport.RabbitMq"/>.</summary>
    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>How many messages one endpoint processes at once. Default 2 (one per core of a small machine); 1 to 256.</summary>
    public int ConcurrentMessageLimit { get; set; } = 2;

    /// <summary>How many messages the broker may deliver ahead of processing. Default 4; at least <see cref="ConcurrentMessageLimit"/>.</summary>
    public int PrefetchCount { get; set; } = 4;

    /// <summary>
    /// How many times a message that met a transient fault is retried in memory, with exponential backoff, before it
    /// moves to the endpoint's <c>_error</c> queue. Default 6, which at the default interval waits out about a minute
    /// (1, 2, 4, 8, 16 and 30 s) of an unreachable object store or database; 0 to 20. Bad input is not retried: stages
    /// quarantine it and complete the message.
    /// </summary>
    public int RetryLimit { get; set; } = 6;

    /// <summary>The pause between retries, in milliseconds. Default 1000; 0 to 60000.</summary>
    public int RetryIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How long shutdown waits for in-flight messages to finish, in seconds; unfinished ones go back to the queue. Default 60.</summary>
    public int StopTimeoutSeconds { get; set; } = 60;

    /// <summary>Every problem with these settings, empty when they are usable.</summary>
    public IEnumerable<string> FindProblems()
    {
        if (!Enum.IsDefined(Transport))
        {
            yield return $"Bus:Transport '{Transport}' is not one of {string.Join(", ", Enum.GetNames<BusTransport>())}";
        }

        if (ConcurrentMessageLimit is < 1 or > 256)
        {
            yield return $"Bus:ConcurrentMessageLimit {ConcurrentMessageLimit} is not between 1 and 256";
        }

        if (PrefetchCount < ConcurrentMessageLimit)
        {
            yield return $"Bus:PrefetchCount {PrefetchCount} is below Bus:ConcurrentMessageLimit {ConcurrentMessageLimit}";
        }

        if (RetryLimit is < 0 or > 20)
        {
            yield return $"Bus:RetryLimit {RetryLimit} is not between 0 and 20";
        }

        if (RetryIntervalMilliseconds is < 0 or > 60_000)
        {
            yield return $"Bus:RetryIntervalMilliseconds {RetryIntervalMilliseconds} is not between 0 and 60000";
        }

        if (StopTimeoutSeconds is < 1 or > 3600)
        {
            yield return $"Bus:StopTimeoutSeconds {StopTimeoutSeconds} is not between 1 and 3600";
        }

        if (Transport == BusTransport.RabbitMq)
        {
            foreach (var problem in RabbitMq.FindProblems())
            {
                yield return problem;
            }
        }
    }
}

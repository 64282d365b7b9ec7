using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>The loopback servers plus a real PostgreSQL server (the dedupe index, the job store), shared by one test class.</summary>
public class PipelineServers : IAsyncLifetime
{
    private PostgresServer? postgres;

    /// <summary>Servers whose broker has the given delivery acknowledgement timeout (null: the broker's default).</summary>
    protected PipelineServers(TimeSpan? consumerTimeout) => Loopback = new LoopbackServers(consumerTimeout);

    /// <summary>RabbitMQ and s3rver.</summary>
    public LoopbackServers Loopback { get; }

    /// <summary>The PostgreSQL server.</summary>
    public PostgresServer Postgres => postgres ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var starting = Task.Run(PostgresServer.Start);
        await Loopback.InitializeAsync();
        postgres = await starting;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        postgres?.Dispose();
        await Loopback.DisposeAsync();
    }
}

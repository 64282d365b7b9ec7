using Sluice.Testing;

namespace Sluice.Integration.Tests;

/// <summary>The loopback servers plus a real PostgreSQL server for the shared dedupe index, shared by one test class.</summary>
public sealed class DedupeServers : IAsyncLifetime
{
    private PostgresServer? postgres;

    /// <summary>RabbitMQ and s3rver.</summary>
    public LoopbackServers Loopback { get; } = new();

    /// <summary>The index server.</summary>
    public PostgresServer Postgres => postgres ?? throw new InvalidOperationException("not started");

    /// <summary>Settings for a dedupe worker using a PostgreSQL index in a schema of its own (<paramref name="schema"/>).</summary>
    public Dictionary<string, string?> DedupeSettings(string schema, int concurrentMessages)
    {
        var settings = Loopback.ServiceSettings();
        settings["DedupeIndex:Kind"] = "Postgres";
        settings["DedupeIndex:Postgres:ConnectionString"] = Postgres.ConnectionString;
        settings["DedupeIndex:Postgres:Schema"] = schema;
        settings["Bus:ConcurrentMessageLimit"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Bus:PrefetchCount"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

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

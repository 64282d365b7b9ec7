using Sluice.Testing;

namespace Sluice.Hosting.Tests;

/// <summary>One real PostgreSQL server for a test class.</summary>
public sealed class PostgresFixture : IDisposable
{
    /// <summary>The server.</summary>
    public PostgresServer Postgres { get; } = PostgresServer.Start();

    /// <inheritdoc />
    public void Dispose() => Postgres.Dispose();
}

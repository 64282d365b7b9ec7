using Sluice.Dedupe.Index;
using Sluice.Testing;

namespace Sluice.Dedupe.Tests;

/// <summary>One real PostgreSQL server for the PostgreSQL index tests; each test opens its own schema.</summary>
public sealed class PostgresFixture : IDisposable
{
    public PostgresServer Server { get; } = PostgresServer.Start();

    public PostgresDedupeIndexOptions NewSchema() => new()
    {
        ConnectionString = Server.ConnectionString,
        Schema = $"t_{Guid.NewGuid():N}"[..20],
    };

    public void Dispose() => Server.Dispose();
}

using Sluice.Hosting.Jobs;
using Sluice.Testing;

namespace Sluice.Hosting.Tests;

/// <summary>The job store contract on a real PostgreSQL server, each test in a schema of its own.</summary>
public sealed class PostgresJobStoreTests(PostgresFixture server) : JobStoreContract, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private PostgresJobStore? store;

    /// <inheritdoc />
    protected override IJobStore Store => store ?? throw new InvalidOperationException("not initialized");

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        store = new PostgresJobStore(new JobOptions { Store = JobStoreKind.Postgres, ConnectionString = server.Postgres.ConnectionString, Schema = "jobs_" + Guid.NewGuid().ToString("N")[..12] });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }
}

using Sluice.Hosting.Jobs;

namespace Sluice.Hosting.Tests;

/// <summary>The job store contract in the process (the embedded run's store).</summary>
public sealed class InProcessJobStoreTests : JobStoreContract, IDisposable
{
    private readonly InProcessJobStore store = new(TimeProvider.System);

    /// <inheritdoc />
    protected override IJobStore Store => store;

    /// <inheritdoc />
    public void Dispose() => store.Dispose();
}

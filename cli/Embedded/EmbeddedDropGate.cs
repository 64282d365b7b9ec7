using Sluice.Dedupe.Worker;

namespace Sluice.Cli.Embedded;

/// <summary>
/// The embedded run's dedupe round gate: shut until every file of the drop is ingested (or failed), so the whole drop
/// is decided in one round, in its total order, whatever the concurrency. Open when no drop is expected.
/// </summary>
internal sealed class EmbeddedDropGate(RunMonitor monitor) : IDedupeRoundGate
{
    private int expected = -1;

    public bool IsOpen => Volatile.Read(ref expected) is var files && (files < 0 || monitor.FinishedCount >= files);

    /// <summary>Shuts the gate until <paramref name="files"/> files are ingested.</summary>
    public void Expect(int files) => Volatile.Write(ref expected, files);
}

namespace Sluice.Dedupe.Worker;

/// <summary>A worker's gate: always open, so a round closes once shards stop arriving for the settle time.</summary>
internal sealed class SettledRoundGate : IDedupeRoundGate
{
    public bool IsOpen => true;
}

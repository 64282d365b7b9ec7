namespace Sluice.Dedupe.Worker;

/// <summary>
/// Says whether a dedupe round may close: more shards of the same drop may still be on their way while it is shut. A
/// worker's gate is always open (the round closes when shards stop arriving for <see cref="DedupeOptions.SettleSeconds"/>);
/// the embedded run shuts it until every dropped file is ingested, so the whole drop is one round.
/// </summary>
public interface IDedupeRoundGate
{
    /// <summary>True when nothing known is still to arrive.</summary>
    bool IsOpen { get; }
}

namespace Sluice.Dedupe;

/// <summary>The stage's result for one shard: every document with its decision, in input order, and the counts.</summary>
/// <param name="ShardKey">The shard processed.</param>
/// <param name="Outcomes">One outcome per input document, in input order.</param>
/// <param name="Stats">In, kept, exact, near (and boilerplate) counts.</param>
public sealed record DedupeShardResult(string ShardKey, IReadOnlyList<DedupeOutcome> Outcomes, DedupeShardStats Stats)
{
    /// <summary>The documents to pass on, in input order.</summary>
    public IEnumerable<DedupeOutcome> Kept => Outcomes.Where(o => o.Decision.Verdict == DedupeVerdict.Keep);

    /// <summary>The removed documents, in input order, each with the id it duplicates and the similarity.</summary>
    public IEnumerable<DedupeOutcome> Rejected => Outcomes.Where(o => o.Decision.Verdict != DedupeVerdict.Keep);
}

namespace Sluice.SafetyFilter;

/// <summary>
/// Counts of one stage run: documents seen, kept and dropped, dropped per rule and reason, would-be drops in tag-only
/// mode, and PII redactions per type. Only counts are held, never document content. Not thread-safe: one per worker.
/// </summary>
public sealed class SafetyStatistics
{
    private readonly Dictionary<string, long> droppedByRule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> droppedByReason = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> flaggedByRule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> redactions = new(StringComparer.Ordinal);

    /// <summary>Documents processed.</summary>
    public long Total { get; private set; }

    /// <summary>Documents kept.</summary>
    public long Kept { get; private set; }

    /// <summary>Documents dropped.</summary>
    public long Dropped { get; private set; }

    /// <summary>Dropped documents per rule name.</summary>
    public IReadOnlyDictionary<string, long> DroppedByRule => droppedByRule;

    /// <summary>Dropped documents per <c>rule/reason</c>.</summary>
    public IReadOnlyDictionary<string, long> DroppedByReason => droppedByReason;

    /// <summary>In tag-only mode: documents each rule would have dropped.</summary>
    public IReadOnlyDictionary<string, long> FlaggedByRule => flaggedByRule;

    /// <summary>PII values redacted per placeholder type (<c>EMAIL</c>, <c>PHONE</c>, …).</summary>
    public IReadOnlyDictionary<string, long> Redactions => redactions;

    internal void CountKept()
    {
        Total++;
        Kept++;
    }

    internal void CountDropped(string rule, string reason)
    {
        Total++;
        Dropped++;
        Increment(droppedByRule, rule);
        Increment(droppedByReason, rule + "/" + reason);
    }

    internal void CountFlagged(string rule) => Increment(flaggedByRule, rule);

    internal void CountRedactions(string type, int count)
    {
        if (count > 0)
        {
            redactions[type] = redactions.GetValueOrDefault(type) + count;
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}

namespace Sluice.Stages;

/// <summary>
/// What a stage counted beyond kept and removed (which the runner counts itself from the sink), as named counters
/// grouped by a prefix: <c>redacted/email</c>, <c>flagged/toxicity</c>, <c>exact</c>, …
/// </summary>
public sealed class StageStatistics
{
    private readonly SortedDictionary<string, long> counters = new(StringComparer.Ordinal);

    /// <summary>No counters.</summary>
    public static StageStatistics None => new();

    /// <summary>Every counter by name, in ordinal order.</summary>
    public IReadOnlyDictionary<string, long> Counters => counters;

    /// <summary>Adds <paramref name="amount"/> to a counter (creating it).</summary>
    public StageStatistics Add(string name, long amount = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        counters[name] = counters.GetValueOrDefault(name) + amount;
        return this;
    }

    /// <summary>The counters named <c>&lt;group&gt;/&lt;key&gt;</c>, by key.</summary>
    public IReadOnlyDictionary<string, long> Group(string group)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        var prefix = group + "/";
        return counters.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(c => c.Key[prefix.Length..], c => c.Value, StringComparer.Ordinal);
    }
}

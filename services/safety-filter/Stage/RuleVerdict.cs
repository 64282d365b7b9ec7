namespace Sluice.SafetyFilter;

/// <summary>What a rule decided about a document: keep it, or drop it with a reason and the value it measured.</summary>
public readonly record struct RuleVerdict
{
    private RuleVerdict(bool keep, string? reason, double? measuredValue)
    {
        Keep = keep;
        Reason = reason;
        MeasuredValue = measuredValue;
    }

    /// <summary>The verdict that keeps the document.</summary>
    public static RuleVerdict Kept { get; } = new(true, null, null);

    /// <summary>True when the document passes the rule.</summary>
    public bool Keep { get; }

    /// <summary>Why the document was dropped (for example <c>mean_word_length</c>); null when kept. Never holds document content.</summary>
    public string? Reason { get; }

    /// <summary>The value the rule measured against its threshold when it dropped the document.</summary>
    public double? MeasuredValue { get; }

    /// <summary>A verdict that drops the document.</summary>
    /// <param name="reason">A short machine-readable reason naming the check that failed.</param>
    /// <param name="measuredValue">The value measured by that check.</param>
    public static RuleVerdict Drop(string reason, double measuredValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new RuleVerdict(false, reason, measuredValue);
    }
}

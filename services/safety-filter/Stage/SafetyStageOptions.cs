namespace Sluice.SafetyFilter;

/// <summary>Options of the safety-filter stage as a whole.</summary>
public sealed class SafetyStageOptions
{
    /// <summary>
    /// When true, every rule runs on every document and writes its signals (and would-be drop reason and value) into the
    /// metadata under <c>safety.&lt;rule&gt;</c>, and nothing is dropped, so thresholds can be chosen later. Default false.
    /// </summary>
    public bool TagOnly { get; set; }
}

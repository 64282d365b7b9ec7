namespace Sluice.SafetyFilter;

/// <summary>Where one PII value lies in a text; holds positions only, never the value.</summary>
internal readonly record struct PiiMatch(int Start, int Length, PiiType Type)
{
    public int End => Start + Length;
}

namespace Sluice.SafetyFilter;

/// <summary>A document the stage dropped, with the rule that dropped it, the reason and the measured value.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Text">The text as it stood when the rule dropped it (already PII-redacted when the PII rule ran first).</param>
/// <param name="MetadataJson">The metadata, including the signals of the rules that ran.</param>
/// <param name="Rule">The name of the rule that dropped it.</param>
/// <param name="Reason">The failed check.</param>
/// <param name="MeasuredValue">The value that check measured.</param>
public sealed record RejectedDocument(string Id, string Text, string MetadataJson, string Rule, string Reason, double MeasuredValue);

namespace Sluice.SafetyFilter;

/// <summary>The result of running the stage on one document: exactly one of <see cref="Kept"/> and <see cref="Rejected"/> is set.</summary>
/// <param name="Kept">The kept document, with cleaned or redacted text and the rules' signals in its metadata.</param>
/// <param name="Rejected">The rejected record when a rule dropped the document.</param>
public sealed record StageOutcome(SafetyDocument? Kept, RejectedDocument? Rejected);

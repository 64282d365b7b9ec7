namespace Sluice.Dedupe;

/// <summary>One input document after the stage: its text (without removed boilerplate) and the decision.</summary>
/// <param name="Document">The document as it leaves the stage; its text differs from the input only when boilerplate was removed.</param>
/// <param name="Decision">Keep, or why it was removed and what it duplicates.</param>
/// <param name="BoilerplateSegmentsRemoved">Lines or paragraphs removed as boilerplate.</param>
public sealed record DedupeOutcome(DedupeDocument Document, DedupeDecision Decision, int BoilerplateSegmentsRemoved);

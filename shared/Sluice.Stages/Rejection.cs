namespace Sluice.Stages;

/// <summary>Why a stage removed a document.</summary>
/// <param name="Reason">A kebab-case reason, also the folder under <c>rejected/&lt;stage&gt;/</c> (e.g. <c>near</c>, <c>gopher-quality</c>).</param>
/// <param name="Detail">A sentence for a person: what exactly was found (never the document's text, which may hold PII).</param>
/// <param name="Metadata">The rejected record's metadata (a JSON object); null keeps the document's own.</param>
public sealed record Rejection(string Reason, string Detail, string? Metadata = null);

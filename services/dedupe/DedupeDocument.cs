namespace Sluice.Dedupe;

/// <summary>
/// One document handed to the dedupe stage: a stable identifier and its text. The identifier must name the content
/// (the same id never stands for two different texts); the index remembers decisions by it.
/// </summary>
/// <param name="Id">The document's stable identifier (for example ingest's content-derived id).</param>
/// <param name="Text">The document's text.</param>
public sealed record DedupeDocument(string Id, string Text);

namespace Sluice.SafetyFilter;

/// <summary>A document entering the safety filter: its id, its text and its metadata as a JSON object.</summary>
/// <param name="Id">The document's id, unique within its shard.</param>
/// <param name="Text">The document's text.</param>
/// <param name="MetadataJson">The document's metadata as a JSON object (<c>{}</c> when it has none).</param>
public sealed record SafetyDocument(string Id, string Text, string MetadataJson = "{}");

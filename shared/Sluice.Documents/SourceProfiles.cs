namespace Sluice.Documents;

/// <summary>
/// The kinds of source a document can come from, each with its own ingest and safety-filter rules (docs/profiles.md).
/// Ingest records the chosen one in every document's metadata under <see cref="MetadataKey"/>; later stages read it there.
/// </summary>
public static class SourceProfiles
{
    /// <summary>The metadata field holding a document's profile.</summary>
    public const string MetadataKey = "profile";

    /// <summary>Web pages and anything not known to be something else: the rules of web-text curation (Gopher, C4, FineWeb).</summary>
    public const string Web = "web";

    /// <summary>Long-form prose (books, reports): split into chapters or paragraph blocks, judged without the web's line rules.</summary>
    public const string Book = "book";

    /// <summary>Source code: indentation kept, judged by code heuristics instead of prose ones.</summary>
    public const string Code = "code";

    /// <summary>Dialogue (chat transcripts, messages arrays): short turns, judged without the rules that expect paragraphs.</summary>
    public const string Conversation = "conversation";

    /// <summary>Every profile name, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Web, Book, Code, Conversation];

    /// <summary>Whether <paramref name="name"/> is one of <see cref="All"/> (case-sensitive).</summary>
    public static bool IsKnown(string? name) => name is Web or Book or Code or Conversation;
}

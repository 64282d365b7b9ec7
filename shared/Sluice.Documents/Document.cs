namespace Sluice.Documents;

/// <summary>
/// One document in the lake: a row of a document shard (<c>docs/raw/…</c>, <c>docs/dedup/…</c>, <c>docs/clean/…</c>).
/// </summary>
/// <param name="Id">Stable id: see <see cref="DocumentIdentity.Id"/>. Unique within a source object.</param>
/// <param name="Text">The standardized text (UTF-8 when stored, Unicode NFC, <c>\n</c> newlines).</param>
/// <param name="Source">The key of the object the document came from (as dropped, e.g. <c>drop/news/a.jsonl</c>).</param>
/// <param name="Metadata">A JSON object: where the document came from (format, line or row, archive entry) and the record's other fields.</param>
/// <param name="ContentHash">Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="Text"/>: see <see cref="DocumentIdentity.ContentHash"/>.</param>
public sealed record Document(string Id, string Text, string Source, string Metadata, string ContentHash)
{
    /// <summary>Creates a document whose id and content hash are computed from its text, source and locator.</summary>
    /// <param name="text">The standardized text.</param>
    /// <param name="source">The source object key.</param>
    /// <param name="locator">Where in the source the text was found (e.g. <c>line:12</c>, <c>a.zip!b.csv#row:3</c>); part of the id.</param>
    /// <param name="metadata">A JSON object (<c>{}</c> when there is nothing to say).</param>
    public static Document Create(string text, string source, string locator, string metadata)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(metadata);
        return new Document(DocumentIdentity.Id(source, locator, text), text, source, metadata, DocumentIdentity.ContentHash(text));
    }
}

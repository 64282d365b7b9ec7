namespace Sluice.Documents;

/// <summary>
/// One removed thing, kept with its reason in <c>rejected/&lt;stage&gt;/&lt;reason&gt;/&lt;shard&gt;.parquet</c>: a whole object
/// (a binary file, a zip bomb), one record of an object (an invalid JSON line), or a document a later stage removed.
/// </summary>
/// <param name="Id">The removed document's id, or for an object or record an id built the same way from its source and locator.</param>
/// <param name="Stage">The stage that removed it (<c>ingest</c>, <c>dedupe</c>, …).</param>
/// <param name="Reason">A short kebab-case reason, also the folder name (e.g. <c>invalid-json</c>, <c>near-duplicate</c>).</param>
/// <param name="Detail">A sentence for a person: what exactly was wrong (e.g. "line 12: expected ',' at byte 40").</param>
/// <param name="Source">The key of the source object.</param>
/// <param name="Locator">Where in the source (e.g. <c>line:12</c>, <c>a.tar!b.json</c>); empty for a whole object.</param>
/// <param name="Text">The removed document's text, or the bad record's content as far as it could be decoded (capped); null when there is none to keep (binary objects).</param>
/// <param name="Metadata">A JSON object with the removed thing's metadata (<c>{}</c> when none).</param>
/// <param name="ContentHash">SHA-256 (hex) of the removed document's text or of the removed object's bytes; null when unknown.</param>
/// <param name="ByteCount">The size in bytes of the removed thing as found (object bytes, record bytes or text bytes).</param>
public sealed record RejectedRecord(
    string Id,
    string Stage,
    string Reason,
    string Detail,
    string Source,
    string Locator,
    string? Text,
    string Metadata,
    string? ContentHash,
    long ByteCount);

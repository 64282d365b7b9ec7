namespace Sluice.Cli;

/// <summary>
/// One thing a stage removed, as <c>sluice rejected</c> lists it: a rejected record (a document, a record of a dropped
/// object, a whole dropped object) or a whole input shard a stage refused.
/// </summary>
/// <param name="Kind"><c>record</c> (a row of a rejected-records shard) or <c>shard</c> (a quarantine record).</param>
/// <param name="Stage">The stage that removed it.</param>
/// <param name="Reason">Its reason (the folder name under <c>rejected/&lt;stage&gt;/</c>).</param>
/// <param name="Detail">What was found, with the measured value where a rule measured one.</param>
/// <param name="Source">The dropped object it descends from.</param>
/// <param name="Locator">Where: the line, member or row in the dropped object, <c>&lt;shard&gt;#row=&lt;n&gt;</c>, or the refused shard's key.</param>
/// <param name="Id">The document or record id; empty for a refused shard.</param>
/// <param name="ByteCount">Its size in bytes as found.</param>
/// <param name="Metadata">Its metadata as a JSON object.</param>
/// <param name="Key">The lake object that records it.</param>
internal sealed record RejectedEntry(
    string Kind,
    string Stage,
    string Reason,
    string Detail,
    string Source,
    string Locator,
    string Id,
    long ByteCount,
    string Metadata,
    string Key);

using Sluice.Ingest.Formats;

namespace Sluice.Ingest.Reading;

/// <summary>Where a record was found: the archive entry path (empty at top level), its format, and its position.</summary>
/// <param name="Entry">Archive entry path, nested entries joined by <c>!</c>; empty for the dropped object itself.</param>
/// <param name="Format">The format the record was read as.</param>
/// <param name="PositionKind"><c>line</c>, <c>row</c> or <c>record</c>; null for a whole object or entry.</param>
/// <param name="Position">1-based line or row, or 0-based index in a JSON array.</param>
internal sealed record RecordOrigin(string Entry, InputFormat Format, string? PositionKind, long Position)
{
    /// <summary>A whole object or entry.</summary>
    public static RecordOrigin Whole(string entry, InputFormat format) => new(entry, format, null, 0);

    /// <summary>The locator used in ids and rejected records: <c>entry#line:12</c>, <c>row:3</c>, <c>entry</c>, or empty.</summary>
    public string Locator
    {
        get
        {
            var position = PositionKind is null ? string.Empty : $"{PositionKind}:{Position}";
            if (Entry.Length == 0)
            {
                return position;
            }

            return position.Length == 0 ? Entry : $"{Entry}#{position}";
        }
    }
}

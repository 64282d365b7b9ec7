namespace Sluice.Ingest;

/// <summary>What text standardization found and changed, summed over an object.</summary>
public sealed record StandardizationCounters
{
    /// <summary>Input bytes that were not valid in their encoding and were replaced by U+FFFD.</summary>
    public long UndecodableBytes { get; init; }

    /// <summary>Control characters removed (C0 other than tab and newline, DEL, C1).</summary>
    public long ControlCharsRemoved { get; init; }

    /// <summary>Carriage returns and Unicode line/paragraph separators turned into <c>\n</c>.</summary>
    public long NewlinesNormalized { get; init; }

    /// <summary>Runs of spaces and tabs, and of blank lines, that were collapsed.</summary>
    public long WhitespaceRunsCollapsed { get; init; }

    /// <summary>Documents whose text changed under Unicode NFC normalization.</summary>
    public long DocumentsNfcChanged { get; init; }

    /// <summary>Documents decoded from UTF-16 (with a byte-order mark).</summary>
    public long Utf16Documents { get; init; }
}

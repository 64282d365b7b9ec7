namespace Sluice.Ingest.Text;

/// <summary>Running counts of what standardization changed, for one object.</summary>
internal sealed class StandardizationTally
{
    public long UndecodableBytes { get; set; }

    public long ControlCharsRemoved { get; set; }

    public long NewlinesNormalized { get; set; }

    public long WhitespaceRunsCollapsed { get; set; }

    public long DocumentsNfcChanged { get; set; }

    public long Utf16Documents { get; set; }

    public StandardizationCounters ToCounters() => new()
    {
        UndecodableBytes = UndecodableBytes,
        ControlCharsRemoved = ControlCharsRemoved,
        NewlinesNormalized = NewlinesNormalized,
        WhitespaceRunsCollapsed = WhitespaceRunsCollapsed,
        DocumentsNfcChanged = DocumentsNfcChanged,
        Utf16Documents = Utf16Documents,
    };
}

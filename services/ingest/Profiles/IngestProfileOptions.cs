namespace Sluice.Ingest.Profiles;

/// <summary>How ingest treats the documents of one source profile (configuration <c>Ingest:Profiles:&lt;Profile&gt;</c>).</summary>
public sealed class IngestProfileOptions
{
    /// <summary>Drop-key prefixes that choose this profile, comma-separated (<c>books/,gutenberg/</c>); empty for none.</summary>
    public string Prefixes { get; set; } = string.Empty;

    /// <summary>How a long .txt / .md document of this profile is cut into documents. Default <c>None</c>.</summary>
    public TextSplit Split { get; set; } = TextSplit.None;

    /// <summary>The longest document, in characters, that <see cref="Split"/> leaves whole; longer ones are cut. Default 60,000.</summary>
    public int MaxDocumentChars { get; set; } = 60_000;

    /// <summary>
    /// A .txt / .md document with at least this many characters takes this profile when nothing more specific chose one;
    /// 0 for never. Only one profile may set it. Default 0.
    /// </summary>
    public int MinChars { get; set; }

    /// <summary>Keep indentation and blank lines as they are (runs up to 256 spaces, up to 3 blank lines) instead of collapsing them. Default false.</summary>
    public bool KeepIndentation { get; set; }

    /// <summary>The prefixes as a list, without empty entries.</summary>
    public IReadOnlyList<string> PrefixList() =>
        Prefixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The settings that change output, for the configuration hash.</summary>
    public string Canonical() => $"prefixes={string.Join(',', PrefixList())};split={Split};max_document_chars={MaxDocumentChars};min_chars={MinChars};keep_indentation={KeepIndentation}";
}

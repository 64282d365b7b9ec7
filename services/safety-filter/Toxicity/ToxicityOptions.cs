namespace Sluice.SafetyFilter;

/// <summary>Options of the toxicity rule.</summary>
public sealed class ToxicityOptions
{
    /// <summary>Whether the rule runs. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Folder holding the LDNOOBW lists as <c>&lt;language&gt;.json</c> (the npm package <c>naughty-words</c>). No default:
    /// must be set when the rule is enabled.
    /// </summary>
    public string? WordListFolder { get; set; }

    /// <summary>Lists always applied. Default: <c>en</c>.</summary>
    public IReadOnlyList<string> Languages { get; set; } = ["en"];

    /// <summary>Also apply the list of the document's tagged language (from the language-ID rule) when one exists. Default true.</summary>
    public bool UseDocumentLanguage { get; set; } = true;

    /// <summary>Largest share of flagged words a document may hold. Default 0.0045 (Data-Juicer's flagged-words filter threshold).</summary>
    public double MaxFlaggedWordRatio { get; set; } = 0.0045;

    /// <summary>The policy for sources without an entry in <see cref="PolicyBySource"/>. Default <see cref="ToxicityPolicy.Drop"/>.</summary>
    public ToxicityPolicy DefaultPolicy { get; set; } = ToxicityPolicy.Drop;

    /// <summary>Policy per document source (metadata <c>source</c>). Default empty.</summary>
    public IReadOnlyDictionary<string, ToxicityPolicy> PolicyBySource { get; set; } = new Dictionary<string, ToxicityPolicy>();

    /// <summary>Throws when the options are unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(WordListFolder) || !Directory.Exists(WordListFolder))
        {
            throw new ArgumentException($"Toxicity: WordListFolder '{WordListFolder}' is not an existing folder of <language>.json lists.", nameof(WordListFolder));
        }

        if (MaxFlaggedWordRatio is < 0 or > 1 || Languages is null || PolicyBySource is null)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFlaggedWordRatio), "Toxicity: MaxFlaggedWordRatio must lie in [0, 1]; Languages and PolicyBySource must be set.");
        }
    }
}

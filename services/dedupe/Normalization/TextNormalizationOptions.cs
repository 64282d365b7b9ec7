namespace Sluice.Dedupe.Normalization;

/// <summary>
/// How text is normalized before exact hashing and shingling. The defaults follow datatrove's <c>simplify_text</c>
/// (lower case, no punctuation, single spaces, every digit treated alike), plus Unicode compatibility folding.
/// </summary>
public sealed class TextNormalizationOptions
{
    /// <summary>
    /// Apply Unicode NFKC first: compatibility forms (full-width ASCII, the ideographic space, ligatures, superscript
    /// and subscript digits) fold to their plain letters, and precomposed and decomposed accents become one form.
    /// Default: true.
    /// </summary>
    public bool UnicodeCompatibility { get; set; } = true;

    /// <summary>Lower-case every letter (Unicode simple case mapping, culture-invariant). Default: true.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>Turn every run of whitespace into one space and trim both ends. Default: true.</summary>
    public bool CollapseWhitespace { get; set; } = true;

    /// <summary>Remove punctuation, symbols and invisible format characters (Unicode categories P*, S*, Cf). Default: true.</summary>
    public bool RemovePunctuation { get; set; } = true;

    /// <summary>Replace every decimal digit (any script) by '0', so documents differing only in numbers compare equal. Default: true.</summary>
    public bool ReplaceDigits { get; set; } = true;

    /// <summary>A short, stable description of these settings; part of the index fingerprint.</summary>
    internal string Describe() =>
        $"nfkc={UnicodeCompatibility},lower={LowerCase},ws={CollapseWhitespace},punct={RemovePunctuation},digits={ReplaceDigits}";
}

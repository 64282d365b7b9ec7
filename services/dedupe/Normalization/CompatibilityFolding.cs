namespace Sluice.Dedupe.Normalization;

/// <summary>
/// The compatibility mappings that matter most for duplicate detection, written out by hand: full-width ASCII forms,
/// the ideographic space, Latin ligatures, and superscript/subscript digits. Sluice runs with invariant globalization,
/// where <see cref="string.Normalize()"/> does nothing, so full NFKC is not available; these cover what web text and
/// East-Asian keyboards commonly produce.
/// </summary>
internal static class CompatibilityFolding
{
    private static readonly string[] FullWidth = Enumerable.Range(0x21, 0x7E - 0x21 + 1).Select(c => ((char)c).ToString()).ToArray();
    private static readonly string[] Digits = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The folded form of <paramref name="rune"/>, or null when it folds to itself.</summary>
    public static string? Fold(System.Text.Rune rune)
    {
        var value = rune.Value;
        return value switch
        {
            >= 0xFF01 and <= 0xFF5E => FullWidth[value - 0xFF01],
            0x3000 => " ",
            0xFB00 => "ff",
            0xFB01 => "fi",
            0xFB02 => "fl",
            0xFB03 => "ffi",
            0xFB04 => "ffl",
            0xFB05 or 0xFB06 => "st",
            0x00B9 => Digits[1],
            0x00B2 => Digits[2],
            0x00B3 => Digits[3],
            0x2070 => Digits[0],
            >= 0x2074 and <= 0x2079 => Digits[value - 0x2070],
            >= 0x2080 and <= 0x2089 => Digits[value - 0x2080],
            _ => null,
        };
    }
}

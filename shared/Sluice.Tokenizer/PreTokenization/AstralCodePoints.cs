using System.Globalization;
using System.Text;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// .NET's regex matches UTF-16 units, so a class such as <c>\p{L}</c> never matches a code point above U+FFFF (it sees
/// two surrogates), while Rust's regex matches code points. This writes the code points above U+FFFF that a class
/// holds as surrogate-pair alternatives, so the translated pattern matches them as Rust's does.
/// </summary>
internal static class AstralCodePoints
{
    // The general category of every code point above U+FFFF, looked up once: a class is tested against all of them.
    private static readonly UnicodeCategory[] Categories = BuildCategories();
    /// <summary>
    /// An alternation of surrogate pairs (<c>\uD835[\uDC00-\uDC54]|…</c>) matching exactly the code points above U+FFFF
    /// for which <paramref name="member"/> holds, or an empty string when there are none.
    /// </summary>
    public static string Alternation(Func<int, bool> member)
    {
        var alternatives = new List<string>();
        var fullHighStart = -1;
        var fullHighEnd = -1;
        for (var high = 0xD800; high <= 0xDBFF; high++)
        {
            var lowRanges = new List<(int From, int To)>();
            var runStart = -1;
            for (var low = 0xDC00; low <= 0xE000; low++)
            {
                var inside = low <= 0xDFFF && member(char.ConvertToUtf32((char)high, (char)low));
                if (inside && runStart < 0)
                {
                    runStart = low;
                }
                else if (!inside && runStart >= 0)
                {
                    lowRanges.Add((runStart, low - 1));
                    runStart = -1;
                }
            }

            var full = lowRanges is [(0xDC00, 0xDFFF)];
            if (full)
            {
                fullHighStart = fullHighStart < 0 ? high : fullHighStart;
                fullHighEnd = high;
                continue;
            }

            FlushFull(alternatives, ref fullHighStart, fullHighEnd);
            if (lowRanges.Count > 0)
            {
                var builder = new StringBuilder().Append(Unit(high)).Append('[');
                foreach (var (from, to) in lowRanges)
                {
                    builder.Append(Unit(from));
                    if (to > from)
                    {
                        builder.Append('-').Append(Unit(to));
                    }
                }

                alternatives.Add(builder.Append(']').ToString());
            }
        }

        FlushFull(alternatives, ref fullHighStart, fullHighEnd);
        return string.Join('|', alternatives);
    }

    /// <summary>
    /// Which code points above U+FFFF an escape (<c>\p{..}</c>, <c>\P{..}</c>, <c>\d</c>, <c>\w</c>, <c>\s</c> and their
    /// negations) holds; null for escapes that hold none (single characters, assertions).
    /// </summary>
    public static Func<int, bool>? OfEscape(char kind, string? className) => kind switch
    {
        'p' => InCategories(className!),
        'P' => Not(InCategories(className!)),
        'd' => c => CategoryOf(c) == UnicodeCategory.DecimalDigitNumber,
        'D' => c => CategoryOf(c) != UnicodeCategory.DecimalDigitNumber,
        'w' => IsWord,
        'W' => c => !IsWord(c),
        'S' => _ => true,
        _ => null,
    };

    public static Func<int, bool> Not(Func<int, bool> member) => c => !member(c);

    /// <summary>Whether an escape kind can match a lone surrogate in .NET (the negated ones), so needs guarding.</summary>
    public static bool IsNegated(char kind) => kind is 'P' or 'D' or 'W' or 'S';

    private static Func<int, bool> InCategories(string name)
    {
        var member = new bool[32];
        foreach (var category in CategoriesOf(name))
        {
            member[(int)category] = true;
        }

        return c => member[(int)CategoryOf(c)];
    }

    private static UnicodeCategory CategoryOf(int codePoint) => Categories[codePoint - 0x10000];

    private static UnicodeCategory[] BuildCategories()
    {
        var categories = new UnicodeCategory[0x100000];
        for (var c = 0; c < categories.Length; c++)
        {
            categories[c] = CharUnicodeInfo.GetUnicodeCategory(c + 0x10000);
        }

        return categories;
    }

    private static HashSet<UnicodeCategory> CategoriesOf(string name) => name switch
    {
        "L" => [UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter],
        "Lu" => [UnicodeCategory.UppercaseLetter],
        "Ll" => [UnicodeCategory.LowercaseLetter],
        "Lt" => [UnicodeCategory.TitlecaseLetter],
        "Lm" => [UnicodeCategory.ModifierLetter],
        "Lo" => [UnicodeCategory.OtherLetter],
        "M" => [UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark],
        "Mn" => [UnicodeCategory.NonSpacingMark],
        "Mc" => [UnicodeCategory.SpacingCombiningMark],
        "Me" => [UnicodeCategory.EnclosingMark],
        "N" => [UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber],
        "Nd" => [UnicodeCategory.DecimalDigitNumber],
        "Nl" => [UnicodeCategory.LetterNumber],
        "No" => [UnicodeCategory.OtherNumber],
        "P" => [UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation, UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation],
        "Pc" => [UnicodeCategory.ConnectorPunctuation],
        "Pd" => [UnicodeCategory.DashPunctuation],
        "Ps" => [UnicodeCategory.OpenPunctuation],
        "Pe" => [UnicodeCategory.ClosePunctuation],
        "Pi" => [UnicodeCategory.InitialQuotePunctuation],
        "Pf" => [UnicodeCategory.FinalQuotePunctuation],
        "Po" => [UnicodeCategory.OtherPunctuation],
        "S" => [UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol],
        "Sm" => [UnicodeCategory.MathSymbol],
        "Sc" => [UnicodeCategory.CurrencySymbol],
        "Sk" => [UnicodeCategory.ModifierSymbol],
        "So" => [UnicodeCategory.OtherSymbol],
        "Z" => [UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator],
        "Zs" => [UnicodeCategory.SpaceSeparator],
        "Zl" => [UnicodeCategory.LineSeparator],
        "Zp" => [UnicodeCategory.ParagraphSeparator],
        "C" => [UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.Surrogate, UnicodeCategory.PrivateUse, UnicodeCategory.OtherNotAssigned],
        "Cc" => [UnicodeCategory.Control],
        "Cf" => [UnicodeCategory.Format],
        "Cs" => [UnicodeCategory.Surrogate],
        "Co" => [UnicodeCategory.PrivateUse],
        "Cn" => [UnicodeCategory.OtherNotAssigned],

        // .NET's named blocks (IsGreek, …) all lie in the Basic Multilingual Plane.
        _ when name.StartsWith("Is", StringComparison.Ordinal) => [],
        _ => throw new ArgumentException($"'\\p{{{name}}}' is not a Unicode general category .NET's regex knows (scripts and binary properties are not supported)"),
    };

    // .NET's \w in the Basic Multilingual Plane, so a class means the same on both sides of U+FFFF.
    private static bool IsWord(int c) => CategoryOf(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    private static void FlushFull(List<string> alternatives, ref int fullHighStart, int fullHighEnd)
    {
        if (fullHighStart < 0)
        {
            return;
        }

        var highs = fullHighEnd > fullHighStart ? $"[{Unit(fullHighStart)}-{Unit(fullHighEnd)}]" : Unit(fullHighStart);
        alternatives.Add(highs + @"[\uDC00-\uDFFF]");
        fullHighStart = -1;
    }

    private static string Unit(int unit) => @"\u" + unit.ToString("X4", CultureInfo.InvariantCulture);
}

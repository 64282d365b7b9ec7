using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// Rewrites a pattern in tiktoken's regex syntax (Rust's <c>fancy-regex</c>) into .NET's with the same meaning:
/// possessive quantifiers (<c>x*+</c>, <c>x++</c>, <c>x?+</c>, <c>x{n,m}+</c>) become atomic groups
/// (<c>(?&gt;x*)</c>); <c>\pL</c> becomes <c>\p{L}</c>; <c>\x{…}</c> becomes the character; <c>(?P&lt;name&gt;</c> becomes
/// <c>(?&lt;name&gt;</c>; <c>$</c> (end of text in Rust unless <c>(?m)</c>) becomes <c>\z</c>. Rust matches code
/// points and .NET UTF-16 units, so classes (<c>\p{L}</c>, <c>[^\s\p{L}\p{N}]</c>, <c>\S</c>, <c>.</c>) get the code
/// points above U+FFFF they hold as surrogate-pair alternatives (<see cref="AstralCodePoints"/>) and never match half
/// a pair; under <c>(?i)</c> the letters whose Unicode case folding .NET lacks (<c>s</c>/U+017F, <c>k</c>/U+212A) are
/// spelled out. Alternation is leftmost-first in both engines; <c>\s</c> is Unicode White_Space in both.
/// </summary>
internal static class FancyRegexTranslator
{
    // Rust's regex also accepts the long names of the general categories; .NET knows only the short ones.
    private static readonly Dictionary<string, string> LongCategoryNames = new(StringComparer.Ordinal)
    {
        ["Letter"] = "L", ["Uppercase_Letter"] = "Lu", ["Lowercase_Letter"] = "Ll", ["Titlecase_Letter"] = "Lt",
        ["Modifier_Letter"] = "Lm", ["Other_Letter"] = "Lo", ["Mark"] = "M", ["Nonspacing_Mark"] = "Mn",
        ["Spacing_Mark"] = "Mc", ["Enclosing_Mark"] = "Me", ["Number"] = "N", ["Decimal_Number"] = "Nd",
        ["Letter_Number"] = "Nl", ["Other_Number"] = "No", ["Punctuation"] = "P", ["Symbol"] = "S",
        ["Separator"] = "Z", ["Space_Separator"] = "Zs", ["Other"] = "C", ["Control"] = "Cc", ["Format"] = "Cf",
    };

    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var groupStarts = new Stack<(int Start, bool IgnoreCase)>();
        var ignoreCase = false;
        var multiLine = Regex.IsMatch(pattern, @"\(\?[a-zA-Z]*m");
        var atomStart = -1;
        var afterQuantifier = false;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    atomStart = output.Length;
                    i = TopLevelEscape(pattern, i, output);
                    afterQuantifier = false;
                    continue;
                case '.':
                    // Any character but \n, a code point above U+FFFF being one character (a surrogate pair).
                    atomStart = output.Length;
                    output.Append(@"(?:[^\n\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])");
                    afterQuantifier = false;
                    i++;
                    continue;
                case '[':
                    atomStart = output.Length;
                    i = CharacterClass(pattern, i, output, ignoreCase);
                    afterQuantifier = false;
                    continue;
                case '(':
                    var openedAt = output.Length;
                    i = GroupOpening(pattern, i, output, out var isFlagSetter, out var flags);
                    if (!isFlagSetter)
                    {
                        groupStarts.Push((openedAt, ignoreCase));
                    }

                    ignoreCase = IgnoreCaseAfter(flags, ignoreCase);
                    atomStart = -1;
                    afterQuantifier = false;
                    continue;
                case ')':
                    if (groupStarts.Count == 0)
                    {
                        throw new PreTokenizerPatternException(pattern, i, "unmatched ')'");
                    }

                    output.Append(')');
                    (atomStart, ignoreCase) = groupStarts.Pop();
                    afterQuantifier = false;
                    i++;
                    continue;
                case '|':
                    output.Append('|');
                    atomStart = -1;
                    afterQuantifier = false;
                    i++;
                    continue;
                case '*' or '+' or '?':
                case '{' when IsRepetition(pattern, i):
                    if (afterQuantifier && c is '?')
                    {
                        output.Append('?');
                        afterQuantifier = false;
                        i++;
                        continue;
                    }

                    if (afterQuantifier && c is '+')
                    {
                        // Possessive: the atom and its quantifier become an atomic group.
                        output.Insert(atomStart, "(?>").Append(')');
                        afterQuantifier = false;
                        i++;
                        continue;
                    }

                    if (atomStart < 0 || afterQuantifier)
                    {
                        throw new PreTokenizerPatternException(pattern, i, $"the quantifier '{c}' has nothing to repeat");
                    }

                    var end = c == '{' ? pattern.IndexOf('}', i) + 1 : i + 1;
                    output.Append(pattern, i, end - i);
                    afterQuantifier = true;
                    i = end;
                    continue;
                case '$' when !multiLine:
                    output.Append(@"\z");
                    atomStart = -1;
                    afterQuantifier = false;
                    i++;
                    continue;
                default:
                    atomStart = output.Length;
                    if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
                    {
                        // One code point is two UTF-16 units in .NET: group them so a quantifier repeats both.
                        output.Append("(?:").Append(c).Append(pattern[i + 1]).Append(')');
                        i += 2;
                    }
                    else
                    {
                        output.Append(ignoreCase ? CaseFolded(c) ?? c.ToString() : c.ToString());
                        i++;
                    }

                    afterQuantifier = false;
                    continue;
            }
        }

        if (groupStarts.Count > 0)
        {
            throw new PreTokenizerPatternException(pattern, pattern.Length, "a '(' is not closed");
        }

        return output.ToString();
    }

    /// <summary>
    /// Copies a group's opening at <paramref name="at"/> ('(' and any '?…' modifier, with <c>(?P&lt;name&gt;</c> written
    /// as <c>(?&lt;name&gt;</c>); returns the index after it. A flag setter such as <c>(?i)</c> opens no group.
    /// </summary>
    private static int GroupOpening(string pattern, int at, StringBuilder output, out bool isFlagSetter, out string flags)
    {
        isFlagSetter = false;
        flags = "";
        if (at + 1 >= pattern.Length || pattern[at + 1] != '?')
        {
            output.Append('(');
            return at + 1;
        }

        var i = at + 2;
        if (pattern.AsSpan(i).StartsWith("P<"))
        {
            var close = pattern.IndexOf('>', i);
            if (close < 0)
            {
                throw new PreTokenizerPatternException(pattern, at, "a group name is not closed with '>'");
            }

            output.Append("(?<").Append(pattern, i + 2, close - i - 1);
            return close + 1;
        }

        if (i < pattern.Length && pattern[i] is '=' or '!' or '>' or ':')
        {
            output.Append(pattern, at, 3);
            return at + 3;
        }

        if (i + 1 < pattern.Length && pattern[i] == '<' && pattern[i + 1] is '=' or '!')
        {
            output.Append(pattern, at, 4);
            return at + 4;
        }

        var end = pattern.IndexOfAny([':', ')', '>'], i);
        if (end < 0)
        {
            throw new PreTokenizerPatternException(pattern, at, "a '(?' group is not closed");
        }

        isFlagSetter = pattern[end] == ')';
        flags = pattern[i..end];
        output.Append(pattern, at, end - at + 1);
        return end + 1;
    }

    /// <summary>Whether case is ignored after a group's flags (<c>i</c> sets it, <c>-i</c> clears it).</summary>
    private static bool IgnoreCaseAfter(string flags, bool ignoreCase)
    {
        var minus = flags.IndexOf('-');
        if (flags.IndexOf('i') is var on and >= 0 && (minus < 0 || on < minus))
        {
            return true;
        }

        return minus >= 0 && flags.IndexOf('i', minus) > minus ? false : ignoreCase;
    }

    /// <summary>
    /// Under Rust's Unicode case folding 's' also matches U+017F (long s) and 'k' U+212A (Kelvin sign), which .NET's
    /// case-insensitive matching does not: those letters are written out as classes.
    /// </summary>
    private static string? CaseFolded(char c) => c switch
    {
        's' or 'S' or '\u017F' => "[sS\u017F]",
        'k' or 'K' or '\u212A' => "[kK\u212A]",
        _ => null,
    };

    private static bool IsRepetition(string pattern, int at)
    {
        var close = pattern.IndexOf('}', at);
        if (close < 0)
        {
            return false;
        }

        var body = pattern.AsSpan(at + 1, close - at - 1);
        var comma = body.IndexOf(',');
        return comma < 0
            ? body.Length > 0 && IsDigits(body)
            : comma > 0 && IsDigits(body[..comma]) && IsDigits(body[(comma + 1)..]);
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Translates an escape outside a class. Class escapes (<c>\p{L}</c>, <c>\S</c>, …) also match the code points
    /// above U+FFFF they hold, as surrogate pairs; negated ones are kept from matching a lone surrogate.
    /// </summary>
    private static int TopLevelEscape(string pattern, int at, StringBuilder output)
    {
        var escape = new StringBuilder();
        var next = Escape(pattern, at, escape, inClass: false, out var astral);
        var kind = pattern[at + 1];
        var alternation = astral is null ? "" : AstralCodePoints.Alternation(astral);
        var bmp = AstralCodePoints.IsNegated(kind) ? $@"[{escape}-[\uD800-\uDFFF]]" : escape.ToString();
        output.Append(alternation.Length == 0 ? bmp : $"(?:{bmp}|{alternation})");
        return next;
    }

    /// <summary>
    /// Translates the escape at <paramref name="at"/> (a backslash); returns the index after it, and in
    /// <paramref name="astral"/> which code points above U+FFFF it matches (null: none).
    /// </summary>
    private static int Escape(string pattern, int at, StringBuilder output, bool inClass, out Func<int, bool>? astral)
    {
        astral = null;
        if (at + 1 >= pattern.Length)
        {
            throw new PreTokenizerPatternException(pattern, at, "the pattern ends with a lone backslash");
        }

        var kind = pattern[at + 1];
        switch (kind)
        {
            case 'p' or 'P':
                if (at + 2 >= pattern.Length)
                {
                    throw new PreTokenizerPatternException(pattern, at, $"'\\{kind}' needs a class name");
                }

                if (pattern[at + 2] == '{')
                {
                    var close = pattern.IndexOf('}', at + 3);
                    if (close < 0)
                    {
                        throw new PreTokenizerPatternException(pattern, at, $"'\\{kind}{{' is not closed");
                    }

                    var name = LongCategoryNames.GetValueOrDefault(pattern[(at + 3)..close], pattern[(at + 3)..close]);
                    astral = ClassPredicate(pattern, at, kind, name);
                    output.Append('\\').Append(kind).Append('{').Append(name).Append('}');
                    return close + 1;
                }

                astral = ClassPredicate(pattern, at, kind, pattern[at + 2].ToString());
                output.Append('\\').Append(kind).Append('{').Append(pattern[at + 2]).Append('}');
                return at + 3;
            case 'x' when at + 2 < pattern.Length && pattern[at + 2] == '{':
            {
                var close = pattern.IndexOf('}', at + 3);
                if (close < 0 || !int.TryParse(pattern.AsSpan(at + 3, close - at - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var codePoint)
                    || codePoint > 0x10FFFF || codePoint is >= 0xD800 and <= 0xDFFF)
                {
                    throw new PreTokenizerPatternException(pattern, at, "'\\x{…}' needs the hex number of a Unicode scalar value");
                }

                if (codePoint <= 0xFFFF)
                {
                    output.Append(@"\u").Append(codePoint.ToString("X4", CultureInfo.InvariantCulture));
                }
                else if (inClass)
                {
                    throw new PreTokenizerPatternException(pattern, at, "a character outside the Basic Multilingual Plane inside [...] cannot be matched by .NET's UTF-16 regex");
                }
                else
                {
                    output.Append("(?:").Append(char.ConvertFromUtf32(codePoint)).Append(')');
                }

                return close + 1;
            }

            default:
                astral = AstralCodePoints.OfEscape(kind, null);
                output.Append('\\').Append(kind);
                return at + 2;
        }
    }

    private static Func<int, bool> ClassPredicate(string pattern, int at, char kind, string name)
    {
        try
        {
            return AstralCodePoints.OfEscape(kind, name)!;
        }
        catch (ArgumentException e)
        {
            throw new PreTokenizerPatternException(pattern, at, e.Message);
        }
    }

    /// <summary>
    /// Translates the character class at <paramref name="at"/> (a '['); returns the index after its ']'. The code points
    /// above U+FFFF the class holds are added as surrogate-pair alternatives, and lone surrogates are kept out of it.
    /// </summary>
    private static int CharacterClass(string pattern, int at, StringBuilder output, bool ignoreCase)
    {
        var body = new StringBuilder();
        var members = new List<Func<int, bool>>();
        var hasNegatedEscape = false;
        var i = at + 1;
        var negated = i < pattern.Length && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            // A ']' first in a class is a literal in Rust.
            body.Append(@"\]");
            i++;
        }

        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case ']':
                    Func<int, bool> holds = cp => members.Exists(m => m(cp));
                    var alternation = AstralCodePoints.Alternation(negated ? AstralCodePoints.Not(holds) : holds);
                    var bmp = negated ? $@"[^{body}\uD800-\uDFFF]" : hasNegatedEscape ? $@"[{body}-[\uD800-\uDFFF]]" : $"[{body}]";
                    output.Append(alternation.Length == 0 ? bmp : $"(?:{bmp}|{alternation})");
                    return i + 1;
                case '\\':
                    hasNegatedEscape |= i + 1 < pattern.Length && AstralCodePoints.IsNegated(pattern[i + 1]);
                    i = Escape(pattern, i, body, inClass: true, out var astral);
                    if (astral is not null)
                    {
                        members.Add(astral);
                    }

                    continue;
                case '[':
                    throw new PreTokenizerPatternException(pattern, i, "nested character classes and class set operations ('[a[b]]', '&&', '--', '[:alpha:]') are not supported");
                case '&' or '~' or '-' when i + 1 < pattern.Length && pattern[i + 1] == c:
                    throw new PreTokenizerPatternException(pattern, i, $"the class set operation '{c}{c}' is not supported");
                default:
                    if (char.IsHighSurrogate(c))
                    {
                        throw new PreTokenizerPatternException(pattern, i, "a character outside the Basic Multilingual Plane inside [...] cannot be matched by .NET's UTF-16 regex");
                    }

                    body.Append(ignoreCase ? CaseFolded(c)?[1..^1] ?? c.ToString() : c.ToString());
                    i++;
                    continue;
            }
        }

        throw new PreTokenizerPatternException(pattern, at, "a '[' is not closed");
    }
}

using System.Globalization;
using System.Text;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// Rewrites a pattern in tiktoken's regex syntax (Rust's <c>fancy-regex</c>) into .NET's with the same meaning:
/// possessive quantifiers (<c>x*+</c>, <c>x++</c>, <c>x?+</c>, <c>x{n,m}+</c>) become atomic groups
/// (<c>(?&gt;x*)</c>); <c>\pL</c> becomes <c>\p{L}</c>; <c>\x{…}</c> becomes the character; <c>(?P&lt;name&gt;</c> becomes
/// <c>(?&lt;name&gt;</c>; <c>$</c> (end of text in Rust unless <c>(?m)</c>) becomes <c>\z</c>. Alternation is
/// leftmost-first in both engines, and <c>\s</c>, <c>\d</c>, <c>\p{..}</c> general categories and <c>(?i:…)</c> carry over.
/// </summary>
internal static class FancyRegexTranslator
{
    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var groupStarts = new Stack<int>();
        var multiLine = pattern.Contains("(?m", StringComparison.Ordinal) || pattern.Contains("(?sm", StringComparison.Ordinal) || pattern.Contains("(?im", StringComparison.Ordinal);
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
                    i = Escape(pattern, i, output, inClass: false);
                    afterQuantifier = false;
                    continue;
                case '[':
                    atomStart = output.Length;
                    i = CharacterClass(pattern, i, output);
                    afterQuantifier = false;
                    continue;
                case '(':
                    var openedAt = output.Length;
                    i = GroupOpening(pattern, i, output, out var isFlagSetter);
                    if (!isFlagSetter)
                    {
                        groupStarts.Push(openedAt);
                    }

                    atomStart = -1;
                    afterQuantifier = false;
                    continue;
                case ')':
                    if (groupStarts.Count == 0)
                    {
                        throw new PreTokenizerPatternException(pattern, i, "unmatched ')'");
                    }

                    output.Append(')');
                    atomStart = groupStarts.Pop();
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
                        output.Append(c);
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
    private static int GroupOpening(string pattern, int at, StringBuilder output, out bool isFlagSetter)
    {
        isFlagSetter = false;
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
        output.Append(pattern, at, end - at + 1);
        return end + 1;
    }

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

    /// <summary>Translates the escape at <paramref name="at"/> (a backslash); returns the index after it.</summary>
    private static int Escape(string pattern, int at, StringBuilder output, bool inClass)
    {
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

                    output.Append('\\').Append(kind).Append('{').Append(pattern, at + 3, close - at - 3).Append('}');
                    return close + 1;
                }

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
                output.Append('\\').Append(kind);
                return at + 2;
        }
    }

    /// <summary>Translates the character class at <paramref name="at"/> (a '['); returns the index after its ']'.</summary>
    private static int CharacterClass(string pattern, int at, StringBuilder output)
    {
        output.Append('[');
        var i = at + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            // A ']' first in a class is a literal in Rust.
            output.Append(@"\]");
            i++;
        }

        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case ']':
                    output.Append(']');
                    return i + 1;
                case '\\':
                    i = Escape(pattern, i, output, inClass: true);
                    continue;
                case '[':
                    throw new PreTokenizerPatternException(pattern, i, "nested character classes and class set operations ('[a[b]]', '&&', '--', '[:alpha:]') are not supported");
                case '&' or '~' when i + 1 < pattern.Length && pattern[i + 1] == c:
                    throw new PreTokenizerPatternException(pattern, i, $"the class set operation '{c}{c}' is not supported");
                default:
                    if (char.IsHighSurrogate(c))
                    {
                        throw new PreTokenizerPatternException(pattern, i, "a character outside the Basic Multilingual Plane inside [...] cannot be matched by .NET's UTF-16 regex");
                    }

                    output.Append(c);
                    i++;
                    continue;
            }
        }

        throw new PreTokenizerPatternException(pattern, at, "a '[' is not closed");
    }
}

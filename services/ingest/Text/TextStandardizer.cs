using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sluice.Ingest.Text;

/// <summary>
/// The standardization every document's text goes through: newlines to <c>\n</c>, control characters removed, lone
/// surrogates replaced, runaway spaces and blank lines collapsed, trailing spaces and leading/trailing blank lines
/// trimmed, then Unicode NFC.
/// </summary>
internal sealed class TextStandardizer(int maxSpaceRun, int maxBlankLines)
{
    // Every character the slow path may change or drop: C0 (tab included, newline not), DEL, C1, the non-ASCII space
    // separators, line/paragraph separators, U+FEFF and surrogates (pairs are fine, but are checked on the slow path).
    private static readonly SearchValues<char> Unusual = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c != '\n').Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF\u00A0"
        + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    private readonly StringBuilder _builder = new();
    private readonly StringBuilder _spaces = new();
    private readonly string _spaceRun = new(' ', maxSpaceRun + 1);
    private readonly string _blankRun = new('\n', maxBlankLines + 2);

    /// <summary>Returns the standardized form of <paramref name="raw"/>, adding what it changed to <paramref name="tally"/>.</summary>
    public string Standardize(string raw, StandardizationTally tally)
    {
        return IsAlreadyStandard(raw) ? Compose(raw, tally) : StandardizeEveryCharacter(raw, tally);
    }

    /// <summary>The full character-by-character pass (what <see cref="Standardize"/> does when its shortcut does not apply).</summary>
    internal string StandardizeEveryCharacter(string raw, StandardizationTally tally)
    {
        var sb = _builder.Clear();
        _spaces.Clear();
        var lineHasContent = false;
        var blankLines = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            switch (c)
            {
                case '\n':
                    EndLine(sb, ref lineHasContent, ref blankLines, tally);
                    continue;
                case '\r':
                    if (i + 1 < raw.Length && raw[i + 1] == '\n')
                    {
                        i++;
                    }

                    tally.NewlinesNormalized++;
                    EndLine(sb, ref lineHasContent, ref blankLines, tally);
                    continue;
                case '\u000B' or '\u000C' or '\u0085' or '\u2028' or '\u2029':
                    tally.NewlinesNormalized++;
                    EndLine(sb, ref lineHasContent, ref blankLines, tally);
                    continue;
                case ' ' or '\t':
                    _spaces.Append(c);
                    continue;
            }

            if (char.IsControl(c) || c == '\uFEFF')
            {
                tally.ControlCharsRemoved++;
                continue;
            }

            if (char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator)
            {
                _spaces.Append(c);
                continue;
            }

            FlushSpaces(sb, tally);
            if (char.IsHighSurrogate(c) && i + 1 < raw.Length && char.IsLowSurrogate(raw[i + 1]))
            {
                sb.Append(c).Append(raw[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                tally.UndecodableBytes++;
                sb.Append('\uFFFD');
            }
            else
            {
                sb.Append(c);
            }

            lineHasContent = true;
            blankLines = 0;
        }

        _spaces.Clear();
        var end = sb.Length;
        while (end > 0 && sb[end - 1] == '\n')
        {
            end--;
        }

        return Compose(sb.ToString(0, end), tally);
    }

    private static string Compose(string text, StandardizationTally tally)
    {
        var composed = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        if (!ReferenceEquals(composed, text) && composed != text)
        {
            tally.DocumentsNfcChanged++;
        }

        return composed;
    }

    /// <summary>True when no rule would change <paramref name="text"/> before NFC: the common case, checked with vectorized searches.</summary>
    private bool IsAlreadyStandard(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        var span = text.AsSpan();
        return span[0] != '\n' && span[^1] is not ('\n' or ' ')
            && span.IndexOfAny(Unusual) < 0
            && !span.Contains(" \n", StringComparison.Ordinal)
            && !span.Contains(_spaceRun, StringComparison.Ordinal)
            && !span.Contains(_blankRun, StringComparison.Ordinal);
    }

    private void EndLine(StringBuilder sb, ref bool lineHasContent, ref int blankLines, StandardizationTally tally)
    {
        _spaces.Clear();
        if (lineHasContent)
        {
            sb.Append('\n');
            lineHasContent = false;
            return;
        }

        if (sb.Length == 0)
        {
            return;
        }

        if (blankLines < maxBlankLines)
        {
            sb.Append('\n');
            blankLines++;
        }
        else if (blankLines == maxBlankLines)
        {
            tally.WhitespaceRunsCollapsed++;
            blankLines++;
        }
    }

    private void FlushSpaces(StringBuilder sb, StandardizationTally tally)
    {
        if (_spaces.Length == 0)
        {
            return;
        }

        if (_spaces.Length > maxSpaceRun)
        {
            sb.Append(' ');
            tally.WhitespaceRunsCollapsed++;
        }
        else
        {
            sb.Append(_spaces);
        }

        _spaces.Clear();
    }
}

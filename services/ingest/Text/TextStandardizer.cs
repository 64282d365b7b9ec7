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
    private readonly StringBuilder _builder = new();
    private readonly StringBuilder _spaces = new();

    /// <summary>Returns the standardized form of <paramref name="raw"/>, adding what it changed to <paramref name="tally"/>.</summary>
    public string Standardize(string raw, StandardizationTally tally)
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

        var text = sb.ToString(0, end);
        var composed = UnicodeComposition.Instance.Compose(text);
        if (!ReferenceEquals(composed, text) && composed != text)
        {
            tally.DocumentsNfcChanged++;
        }

        return composed;
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

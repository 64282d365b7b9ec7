using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Ingest.Profiles;

/// <summary>
/// Cuts a long standardized text into documents: at chapter headings, then into blocks of whole paragraphs of at most
/// a given length (a paragraph longer than that is cut at line ends, and a line longer than that at a space).
/// Joining the parts with blank lines gives back the text, up to whitespace at the cuts.
/// </summary>
internal static partial class TextSplitter
{
    /// <summary>The parts of <paramref name="text"/> (one part when it needs no cut).</summary>
    public static IReadOnlyList<string> Split(string text, TextSplit mode, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        if (mode == TextSplit.None)
        {
            return [text];
        }

        var sections = mode == TextSplit.Chapters ? Chapters(text) : [text];
        var parts = new List<string>();
        foreach (var section in sections)
        {
            if (section.Length <= maxChars)
            {
                parts.Add(section);
            }
            else
            {
                Pack(section.Split("\n\n"), "\n\n", maxChars, parts, paragraph => Pack(paragraph.Split('\n'), "\n", maxChars, parts, line => CutLine(line, maxChars, parts)));
            }
        }

        return parts.Select(p => p.Trim('\n', ' ')).Where(p => p.Length > 0).ToList();
    }

    /// <summary>The text cut before each chapter heading; the whole text when it has fewer than two.</summary>
    public static IReadOnlyList<string> Chapters(string text)
    {
        var starts = ChapterHeading().Matches(text).Select(m => m.Index).ToList();
        if (starts.Count < 2)
        {
            return [text];
        }

        var sections = new List<string>();
        if (text[..starts[0]].Trim().Length > 0)
        {
            sections.Add(text[..starts[0]]);
        }

        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : text.Length;
            sections.Add(text[starts[i]..end]);
        }

        return sections;
    }

    // Packs pieces (joined by separator) into parts of at most maxChars; a piece too long on its own goes to tooLong.
    private static void Pack(IEnumerable<string> pieces, string separator, int maxChars, List<string> parts, Action<string> tooLong)
    {
        var current = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece.Length > maxChars)
            {
                Flush(current, parts);
                tooLong(piece);
                continue;
            }

            if (current.Length > 0 && current.Length + separator.Length + piece.Length > maxChars)
            {
                Flush(current, parts);
            }

            if (current.Length > 0)
            {
                current.Append(separator);
            }

            current.Append(piece);
        }

        Flush(current, parts);
    }

    private static void CutLine(string line, int maxChars, List<string> parts)
    {
        var start = 0;
        while (line.Length - start > maxChars)
        {
            var end = start + maxChars;
            var space = line.LastIndexOf(' ', end - 1, maxChars);
            if (space > start + maxChars / 2)
            {
                end = space;
            }
            else if (char.IsHighSurrogate(line[end - 1]))
            {
                end--;
            }

            parts.Add(line[start..end]);
            start = end;
        }

        parts.Add(line[start..]);
    }

    private static void Flush(StringBuilder current, List<string> parts)
    {
        if (current.Length > 0)
        {
            parts.Add(current.ToString());
            current.Clear();
        }
    }

    // A line of its own, at the start of the text or after a blank line: CHAPTER IV, Chapter 12., BOOK II: The Return, Part One.
    [GeneratedRegex(@"(?<=\A|\n\n)(?:chapter|book|part|act)\s+(?:[0-9]{1,4}|[ivxlcdm]{1,8}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|last)\b[^\n]{0,70}(?=\n|\z)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChapterHeading();
}

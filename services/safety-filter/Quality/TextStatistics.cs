namespace Sluice.SafetyFilter;

/// <summary>Splitting text into words, lines and paragraphs the same way for every quality rule.</summary>
internal static class TextStatistics
{
    private static readonly char[] Whitespace = [' ', '\t', '\n', '\r', '\f', '\v', '\u00A0'];

    /// <summary>Whitespace-separated words (punctuation stays attached, as in the Gopher paper's whitespace split).</summary>
    public static string[] Words(string text) => text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Non-blank lines, trimmed of surrounding whitespace.</summary>
    public static List<string> NonBlankLines(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                lines.Add(trimmed);
            }
        }

        return lines;
    }

    /// <summary>Paragraphs: runs of text separated by one or more blank lines.</summary>
    public static List<string> Paragraphs(string text)
    {
        var paragraphs = new List<string>();
        foreach (var part in text.Split("\n\n"))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                paragraphs.Add(trimmed);
            }
        }

        return paragraphs;
    }

    /// <summary>How many items repeat an earlier item, and how many characters those repeats hold.</summary>
    public static (int Count, long Chars) Duplicates(IReadOnlyList<string> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        long chars = 0;
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                count++;
                chars += item.Length;
            }
        }

        return (count, chars);
    }
}

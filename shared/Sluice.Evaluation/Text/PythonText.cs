namespace Sluice.Evaluation.Text;

/// <summary>
/// The string rules of Python 3 that the reference implementations rely on (their metrics are defined by what
/// <c>str.split()</c>, <c>re.split(r"\s+", …)</c> and <c>len(str)</c> do), so counts here match theirs.
/// </summary>
internal static class PythonText
{
    /// <summary>
    /// Python's <c>str.isspace()</c>, which is also what <c>\s</c> matches in a <c>str</c> pattern: .NET's
    /// <see cref="char.IsWhiteSpace(char)"/> plus the four separators U+001C–U+001F that Python counts as space.
    /// </summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001C' && c <= '\u001F');

    /// <summary>Python's <c>str.split()</c> with no argument: runs of whitespace separate, no empty pieces.</summary>
    public static List<string> SplitOnWhitespace(string text)
    {
        var pieces = new List<string>();
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsSpace(text[i]))
            {
                if (start >= 0)
                {
                    pieces.Add(text[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        if (start >= 0)
        {
            pieces.Add(text[start..]);
        }

        return pieces;
    }

    /// <summary>
    /// <c>len(re.split(r"\s+", text))</c>: one more than the number of whitespace runs, so a leading or trailing
    /// run adds an empty piece and the empty string counts 1.
    /// </summary>
    public static long CountRegexWhitespaceSplit(string text)
    {
        long pieces = 1;
        var inRun = false;
        foreach (var c in text)
        {
            var space = IsSpace(c);
            if (space && !inRun)
            {
                pieces++;
            }

            inRun = space;
        }

        return pieces;
    }

    /// <summary>Python's <c>str.rstrip()</c>: trailing whitespace removed.</summary>
    public static string TrimEnd(string text)
    {
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }

    /// <summary><c>len(text)</c> in Python: Unicode code points, so a surrogate pair counts once.</summary>
    public static int CodePointLength(string text)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            length++;
        }

        return length;
    }

    /// <summary>
    /// Python's <c>str.lower()</c>. .NET's invariant lower-casing uses the simple case mapping; Python uses the full
    /// one, which differs in two places: U+0130 (capital I with dot) becomes "i" plus U+0307, and a capital sigma
    /// that ends a word becomes the final sigma U+03C2. Both are applied here (the word-end test looks at the
    /// neighbouring characters being letters, which covers Greek text; Unicode's case-ignorable skipping is not).
    /// </summary>
    public static string Lower(string text)
    {
        var lowered = text.ToLowerInvariant();
        if (text.IndexOf('\u0130') < 0 && text.IndexOf('\u03A3') < 0)
        {
            return lowered;
        }

        var builder = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u0130')
            {
                builder.Append("i\u0307");
            }
            else if (c == '\u03A3')
            {
                var afterLetter = i > 0 && char.IsLetter(text[i - 1]);
                var beforeLetter = i + 1 < text.Length && char.IsLetter(text[i + 1]);
                builder.Append(afterLetter && !beforeLetter ? '\u03C2' : '\u03C3');
            }
            else
            {
                builder.Append(lowered[i]);
            }
        }

        return builder.ToString();
    }
}

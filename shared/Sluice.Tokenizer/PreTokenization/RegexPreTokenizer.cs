using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// A pre-tokenizer for any pattern in tiktoken's regex syntax, translated by <see cref="FancyRegexTranslator"/> and
/// run on .NET's backtracking regex over the text as UTF-16. The matches are the pieces; text between matches is
/// kept as a piece of its own (as Hugging Face's <c>Split</c> with the <c>Isolated</c> behaviour does; tiktoken would
/// drop it), and empty matches are skipped, so the pieces tile the text. Allocates per call, unlike the hand-written ones.
/// </summary>
internal sealed class RegexPreTokenizer : PreTokenizer
{
    private readonly Regex _regex;

    public RegexPreTokenizer(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0)
        {
            throw new PreTokenizerPatternException(pattern, -1, "the pattern is empty");
        }

        Pattern = pattern;
        DotNetPattern = FancyRegexTranslator.Translate(pattern);
        try
        {
            _regex = new Regex(DotNetPattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (RegexParseException e)
        {
            throw new PreTokenizerPatternException(pattern, -1, $"{e.Error} at offset {e.Offset} of its .NET form {DotNetPattern}", e);
        }
    }

    public override string Pattern { get; }

    /// <summary>The pattern as .NET's regex runs it.</summary>
    public string DotNetPattern { get; }

    public override int PieceEnds(ReadOnlySpan<byte> text, Span<int> ends)
    {
        var chars = Encoding.UTF8.GetString(text);
        var count = 0;
        var charsDone = 0;
        var bytesDone = 0;
        foreach (var match in _regex.EnumerateMatches(chars))
        {
            var start = CodePointBoundary(chars, match.Index);
            var end = CodePointBoundary(chars, match.Index + match.Length);
            if (end <= start || start < charsDone)
            {
                continue;
            }

            if (start > charsDone)
            {
                bytesDone += Encoding.UTF8.GetByteCount(chars.AsSpan(charsDone, start - charsDone));
                ends[count++] = bytesDone;
            }

            bytesDone += Encoding.UTF8.GetByteCount(chars.AsSpan(start, end - start));
            ends[count++] = bytesDone;
            charsDone = end;
        }

        if (charsDone < chars.Length)
        {
            bytesDone += Encoding.UTF8.GetByteCount(chars.AsSpan(charsDone));
            ends[count++] = bytesDone;
        }

        return count;
    }

    // .NET's regex can end a match between the two halves of a surrogate pair (e.g. '.' matches one UTF-16 unit);
    // a piece boundary must fall between code points, so it moves after the pair.
    private static int CodePointBoundary(string chars, int index) =>
        index > 0 && index < chars.Length && char.IsLowSurrogate(chars[index]) && char.IsHighSurrogate(chars[index - 1]) ? index + 1 : index;
}

namespace Sluice.Tokenizer.PreTokenization;

/// <summary><c>o200k_base</c>'s pattern (<see cref="PreTokenizerPatterns.O200k"/>), by hand.</summary>
internal sealed class O200kPreTokenizer : HandWrittenPreTokenizer
{
    public static readonly O200kPreTokenizer Instance = new();

    private const CodePointClass Upper = CodePointClass.UpperLike;
    private const CodePointClass Lower = CodePointClass.LowerLike;

    public override string Pattern => PreTokenizerPatterns.O200k;

    public override int NextPieceEnd(ReadOnlySpan<byte> text, int start)
    {
        var ascii = AsciiWordEnd(text, start);
        if (ascii >= 0)
        {
            return ascii + ContractionLength(text, ascii, ignoreCase: true);
        }

        var cls = CodePointClasses.At(text, start, out var length);
        var canPrefix = (cls & (CodePointClass.LineBreak | CodePointClass.Letter | CodePointClass.Number)) == 0;

        if ((cls & (Upper | Lower)) != 0 || (canPrefix && (CodePointClasses.At(text, start + length, out _) & (Upper | Lower)) != 0))
        {
            // The two letter branches, trying the optional prefix first in each, as a backtracking engine would.
            var end = -1;
            if (canPrefix)
            {
                end = UpperStarLowerPlus(text, start + length);
            }

            if (end < 0)
            {
                end = UpperStarLowerPlus(text, start);
            }

            if (end < 0 && canPrefix)
            {
                end = UpperPlusLowerStar(text, start + length);
            }

            if (end < 0)
            {
                end = UpperPlusLowerStar(text, start);
            }

            if (end >= 0)
            {
                return end + ContractionLength(text, end, ignoreCase: true);
            }
        }

        // \p{N}{1,3}
        if ((cls & CodePointClass.Number) != 0)
        {
            var end = start + length;
            for (var i = 0; i < 2; i++)
            {
                if ((CodePointClasses.At(text, end, out var next) & CodePointClass.Number) == 0)
                {
                    break;
                }

                end += next;
            }

            return end;
        }

        // " ?[^\s\p{L}\p{N}]+[\r\n/]*"
        var body = text[start] == (byte)' ' ? start + 1 : start;
        var bodyClass = CodePointClasses.At(text, body, out var bodyLength);
        if (IsOther(bodyClass, bodyLength))
        {
            var end = OtherRunEnd(text, body);
            while (end < text.Length && text[end] is (byte)'\r' or (byte)'\n' or (byte)'/')
            {
                end++;
            }

            return end;
        }

        return WhiteSpaceEnd(text, start, lineBreakBranch: true);
    }

    /// <summary>
    /// The common case, all in ASCII: an optional prefix (not a letter, digit, CR or LF), then upper-case letters, then
    /// lower-case letters. Either letter branch matches exactly the prefix and both runs here (ASCII upper and lower case
    /// do not overlap, so there is nothing to backtrack into). Returns -1 when the case does not apply or the letters
    /// run into a non-ASCII character, which may continue the word (the general path decides).
    /// </summary>
    private static int AsciiWordEnd(ReadOnlySpan<byte> text, int start)
    {
        var body = start;
        if (!IsAsciiLetter(text[start]))
        {
            var b = text[start];
            if (b >= 0x80 || b is (byte)'\r' or (byte)'\n' || IsAsciiDigit(b) || start + 1 >= text.Length || !IsAsciiLetter(text[start + 1]))
            {
                return -1;
            }

            body = start + 1;
        }

        var i = body;
        while (i < text.Length && (uint)(text[i] - 'A') <= 'Z' - 'A')
        {
            i++;
        }

        while (i < text.Length && (uint)(text[i] - 'a') <= 'z' - 'a')
        {
            i++;
        }

        return i < text.Length && text[i] >= 0x80 ? -1 : i;
    }

    /// <summary><c>[Upper]*[Lower]+</c> from <paramref name="index"/> with backtracking; -1 when it cannot match.</summary>
    private static int UpperStarLowerPlus(ReadOnlySpan<byte> text, int index)
    {
        // Greedy [Upper]*, remembering the last character that is also in [Lower] (where backtracking would land).
        var lastLowerEnd = -1;
        while (true)
        {
            var cls = CodePointClasses.At(text, index, out var length);
            if (length == 0 || (cls & Upper) == 0)
            {
                break;
            }

            index += length;
            if ((cls & Lower) != 0)
            {
                lastLowerEnd = index;
            }
        }

        if ((CodePointClasses.At(text, index, out _) & Lower) != 0)
        {
            return RunEnd(text, index, Lower);
        }

        return lastLowerEnd;
    }

    /// <summary><c>[Upper]+[Lower]*</c> from <paramref name="index"/>; -1 when it cannot match.</summary>
    private static int UpperPlusLowerStar(ReadOnlySpan<byte> text, int index)
    {
        if ((CodePointClasses.At(text, index, out _) & Upper) == 0)
        {
            return -1;
        }

        return RunEnd(text, RunEnd(text, index, Upper), Lower);
    }
}

namespace Sluice.Tokenizer.PreTokenization;

/// <summary><c>cl100k_base</c>'s pattern (<see cref="PreTokenizerPatterns.Cl100k"/>), by hand.</summary>
internal sealed class Cl100kPreTokenizer : HandWrittenPreTokenizer
{
    public static readonly Cl100kPreTokenizer Instance = new();

    public override string Pattern => PreTokenizerPatterns.Cl100k;

    public override int NextPieceEnd(ReadOnlySpan<byte> text, int start)
    {
        var contraction = ContractionLength(text, start, ignoreCase: true);
        if (contraction > 0)
        {
            return start + contraction;
        }

        // [^\r\n\p{L}\p{N}]?\p{L}+, ASCII first: the run of ASCII letters, continued by the general loop if a
        // non-ASCII character follows.
        var first = text[start];
        if (IsAsciiLetter(first))
        {
            return LetterRunEnd(text, start + 1);
        }

        if (first < 0x80 && first is not ((byte)'\r' or (byte)'\n') && !IsAsciiDigit(first) && start + 1 < text.Length && IsAsciiLetter(text[start + 1]))
        {
            return LetterRunEnd(text, start + 2);
        }

        var cls = CodePointClasses.At(text, start, out var length);
        if ((cls & CodePointClass.Letter) != 0)
        {
            return RunEnd(text, start + length, CodePointClass.Letter);
        }

        if ((cls & (CodePointClass.LineBreak | CodePointClass.Number)) == 0
            && (CodePointClasses.At(text, start + length, out _) & CodePointClass.Letter) != 0)
        {
            return RunEnd(text, start + length, CodePointClass.Letter);
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

        // " ?[^\s\p{L}\p{N}]+[\r\n]*"
        var body = text[start] == (byte)' ' ? start + 1 : start;
        var bodyClass = CodePointClasses.At(text, body, out var bodyLength);
        if (IsOther(bodyClass, bodyLength))
        {
            var end = OtherRunEnd(text, body);
            while (end < text.Length && text[end] is (byte)'\r' or (byte)'\n')
            {
                end++;
            }

            return end;
        }

        return WhiteSpaceEnd(text, start, lineBreakBranch: true);
    }
}

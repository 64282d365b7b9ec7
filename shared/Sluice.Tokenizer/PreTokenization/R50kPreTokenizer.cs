namespace Sluice.Tokenizer.PreTokenization;

/// <summary>GPT-2's pattern (<see cref="PreTokenizerPatterns.Gpt2"/>), by hand.</summary>
internal sealed class R50kPreTokenizer : HandWrittenPreTokenizer
{
    public static readonly R50kPreTokenizer Instance = new();

    public override string Pattern => PreTokenizerPatterns.Gpt2;

    public override int NextPieceEnd(ReadOnlySpan<byte> text, int start)
    {
        var contraction = ContractionLength(text, start, ignoreCase: false);
        if (contraction > 0)
        {
            return start + contraction;
        }

        // " ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+": an optional single space, then one run.
        var body = text[start] == (byte)' ' ? start + 1 : start;
        var cls = CodePointClasses.At(text, body, out var length);
        if ((cls & CodePointClass.Letter) != 0)
        {
            return RunEnd(text, body, CodePointClass.Letter);
        }

        if ((cls & CodePointClass.Number) != 0)
        {
            return RunEnd(text, body, CodePointClass.Number);
        }

        if (IsOther(cls, length))
        {
            return OtherRunEnd(text, body);
        }

        return WhiteSpaceEnd(text, start, lineBreakBranch: false);
    }
}

using System.Runtime.CompilerServices;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>
/// A pre-tokenizer for one of tiktoken's own patterns, written by hand as the leftmost-first backtracking match the
/// pattern denotes, on UTF-8 (faster than any regex engine, and exact where .NET's regex differs from Rust's).
/// Stateless and thread-safe. Every position of valid UTF-8 text starts a non-empty piece, so pieces tile the text.
/// </summary>
internal abstract class HandWrittenPreTokenizer : PreTokenizer
{
    /// <summary>The end (exclusive) of the piece that starts at <paramref name="start"/>; <paramref name="start"/> is below the length.</summary>
    public abstract int NextPieceEnd(ReadOnlySpan<byte> text, int start);

    /// <inheritdoc />
    public override int PieceEnds(ReadOnlySpan<byte> text, Span<int> ends)
    {
        var count = 0;
        for (var start = 0; start < text.Length; start = ends[count++])
        {
            ends[count] = NextPieceEnd(text, start);
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static int RunEnd(ReadOnlySpan<byte> text, int index, CodePointClass wanted)
    {
        while (true)
        {
            var cls = CodePointClasses.At(text, index, out var length);
            if ((cls & wanted) == 0 || length == 0)
            {
                return index;
            }

            index += length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool IsAsciiDigit(byte b) => (uint)(b - '0') <= 9;

    /// <summary>End of the run of letters (<c>\p{L}*</c>) from <paramref name="index"/>: ASCII letters in a tight loop, then the general one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static int LetterRunEnd(ReadOnlySpan<byte> text, int index)
    {
        while (index < text.Length && IsAsciiLetter(text[index]))
        {
            index++;
        }

        return index < text.Length && text[index] >= 0x80 ? RunEnd(text, index, CodePointClass.Letter) : index;
    }

    /// <summary>End of a run of characters that are none of letter, number and white space (<c>[^\s\p{L}\p{N}]+</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static int OtherRunEnd(ReadOnlySpan<byte> text, int index)
    {
        while (true)
        {
            var cls = CodePointClasses.At(text, index, out var length);
            if (length == 0 || (cls & (CodePointClass.Letter | CodePointClass.Number | CodePointClass.WhiteSpace)) != 0)
            {
                return index;
            }

            index += length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static bool IsOther(CodePointClass cls, int length) =>
        length != 0 && (cls & (CodePointClass.Letter | CodePointClass.Number | CodePointClass.WhiteSpace)) == 0;

    /// <summary>Length of <c>'s|'t|'re|'ve|'m|'ll|'d</c> at <paramref name="index"/> (0 when none), optionally case-insensitive.</summary>
    protected static int ContractionLength(ReadOnlySpan<byte> text, int index, bool ignoreCase)
    {
        if ((uint)(index + 1) >= (uint)text.Length || text[index] != (byte)'\'')
        {
            return 0;
        }

        var c = text[index + 1];
        if (ignoreCase && c is >= (byte)'A' and <= (byte)'Z')
        {
            c = (byte)(c | 0x20);
        }

        switch (c)
        {
            case (byte)'s' or (byte)'t' or (byte)'m' or (byte)'d':
                return 2;
            case (byte)'r':
                return Follows(text, index + 2, (byte)'e', ignoreCase) ? 3 : 0;
            case (byte)'v':
                return Follows(text, index + 2, (byte)'e', ignoreCase) ? 3 : 0;
            case (byte)'l':
                return Follows(text, index + 2, (byte)'l', ignoreCase) ? 3 : 0;
        }

        // Under Unicode case folding U+017F LATIN SMALL LETTER LONG S matches 's'.
        if (ignoreCase && c == 0xC5 && index + 2 < text.Length && text[index + 2] == 0xBF)
        {
            return 3;
        }

        return 0;
    }

    /// <summary>
    /// The white-space branches shared by cl100k and o200k: <c>\s*[\r\n]+|\s+(?!\S)|\s+</c>, at a white-space character.
    /// </summary>
    protected static int WhiteSpaceEnd(ReadOnlySpan<byte> text, int start, bool lineBreakBranch)
    {
        var index = start;
        var lastCharStart = start;
        var afterLastLineBreak = -1;
        while (true)
        {
            var cls = CodePointClasses.At(text, index, out var length);
            if (length == 0 || (cls & CodePointClass.WhiteSpace) == 0)
            {
                break;
            }

            if ((cls & CodePointClass.LineBreak) != 0)
            {
                afterLastLineBreak = index + length;
            }

            lastCharStart = index;
            index += length;
        }

        if (lineBreakBranch && afterLastLineBreak > 0)
        {
            return afterLastLineBreak;
        }

        if (index == text.Length || lastCharStart == start)
        {
            return index;
        }

        // \s+(?!\S) backs off one character so the last space can join the next word.
        return lastCharStart;
    }

    private static bool Follows(ReadOnlySpan<byte> text, int index, byte lower, bool ignoreCase)
    {
        if (index >= text.Length)
        {
            return false;
        }

        var c = text[index];
        return c == lower || (ignoreCase && c == (lower & ~0x20));
    }
}

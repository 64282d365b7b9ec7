using System.Globalization;
using System.Runtime.CompilerServices;

namespace Sluice.Tokenizer.PreTokenization;

/// <summary>Decodes UTF-8 code points and classifies them; the Basic Multilingual Plane comes from a table built once.</summary>
internal static class CodePointClasses
{
    private static readonly CodePointClass[] Bmp = BuildBmp();

    /// <summary>The class of the code point at <paramref name="index"/> and its length in bytes (0 at the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CodePointClass At(ReadOnlySpan<byte> text, int index, out int length)
    {
        if ((uint)index >= (uint)text.Length)
        {
            length = 0;
            return CodePointClass.None;
        }

        var b = text[index];
        if (b < 0x80)
        {
            length = 1;
            return Bmp[b];
        }

        var codePoint = DecodeMultiByte(text, index, out length);
        return codePoint < 0x10000 ? Bmp[codePoint] : Classify(codePoint);
    }

    /// <summary>The code point at <paramref name="index"/> (valid UTF-8 assumed) and its length in bytes.</summary>
    public static int CodePointAt(ReadOnlySpan<byte> text, int index, out int length)
    {
        var b = text[index];
        if (b < 0x80)
        {
            length = 1;
            return b;
        }

        return DecodeMultiByte(text, index, out length);
    }

    public static CodePointClass Classify(int codePoint)
    {
        var result = CodePointClass.None;
        if (codePoint is '\r' or '\n')
        {
            result |= CodePointClass.LineBreak;
        }

        if (IsWhiteSpace(codePoint))
        {
            result |= CodePointClass.WhiteSpace;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(codePoint))
        {
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter:
                result |= CodePointClass.Letter | CodePointClass.UpperLike;
                break;
            case UnicodeCategory.LowercaseLetter:
                result |= CodePointClass.Letter | CodePointClass.LowerLike;
                break;
            case UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter:
                result |= CodePointClass.Letter | CodePointClass.UpperLike | CodePointClass.LowerLike;
                break;
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                result |= CodePointClass.UpperLike | CodePointClass.LowerLike;
                break;
            case UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber:
                result |= CodePointClass.Number;
                break;
        }

        return result;
    }

    // The White_Space property of Unicode (PropList.txt), which Rust's regex uses for \s.
    private static bool IsWhiteSpace(int c) =>
        c is (>= 0x09 and <= 0x0D) or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeMultiByte(ReadOnlySpan<byte> text, int index, out int length)
    {
        var b = text[index];
        if (b < 0xE0)
        {
            length = 2;
            return ((b & 0x1F) << 6) | (text[index + 1] & 0x3F);
        }

        if (b < 0xF0)
        {
            length = 3;
            return ((b & 0x0F) << 12) | ((text[index + 1] & 0x3F) << 6) | (text[index + 2] & 0x3F);
        }

        length = 4;
        return ((b & 0x07) << 18) | ((text[index + 1] & 0x3F) << 12) | ((text[index + 2] & 0x3F) << 6) | (text[index + 3] & 0x3F);
    }

    private static CodePointClass[] BuildBmp()
    {
        var table = new CodePointClass[0x10000];
        for (var c = 0; c < table.Length; c++)
        {
            table[c] = c is >= 0xD800 and <= 0xDFFF ? CodePointClass.None : Classify(c);
        }

        return table;
    }
}

using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Sluice.Dedupe.Normalization;

/// <summary>Applies <see cref="TextNormalizationOptions"/> to text, one pass over its Unicode scalar values.</summary>
internal sealed class TextNormalizer
{
    // What each ASCII character becomes: itself or its replacement, Space for whitespace, Drop for removed characters.
    private const char Drop = '\uFFFF';
    private const char Space = '\uFFFE';

    private readonly TextNormalizationOptions options;
    private readonly char[] asciiMap = new char[128];

    public TextNormalizer(TextNormalizationOptions options)
    {
        this.options = options;
        for (var c = (char)0; c < 128; c++)
        {
            asciiMap[c] = c switch
            {
                ' ' or '\t' or '\n' or '\r' or '\f' or '\v' => options.CollapseWhitespace ? Space : c,
                >= '0' and <= '9' => options.ReplaceDigits ? '0' : c,
                >= 'A' and <= 'Z' => options.LowerCase ? (char)(c | 0x20) : c,
                >= 'a' and <= 'z' => c,
                _ => options.RemovePunctuation ? Drop : c,
            };
        }
    }

    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (options.UnicodeCompatibility && !Ascii.IsValid(text))
        {
            text = ComposeCompatibility(text);
        }

        // Lower-casing map one scalar to at most three, so the output is at most three times as long.
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length * 3));
        try
        {
            var written = Normalize(text, rented);
            return new string(rented, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static string ComposeCompatibility(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (a lone surrogate): it becomes U+FFFD, as the scalar loop would make it, then NFKC.
            return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Normalize(NormalizationForm.FormKC);
        }
    }

    private int Normalize(ReadOnlySpan<char> source, Span<char> output)
    {
        var length = 0;
        var pendingSpace = false;
        var index = 0;
        var blocks = options.CollapseWhitespace && Vector256.IsHardwareAccelerated;
        while (index < source.Length)
        {
            if (blocks && index + Vector256<ushort>.Count <= source.Length && TryPlainBlock(source, index, output, ref length, ref pendingSpace))
            {
                index += Vector256<ushort>.Count;
                continue;
            }

            var c = source[index];
            if (c < 0x80)
            {
                // The common case, kept tight: one table look-up per character.
                var mapped = asciiMap[c];
                index++;
                if (mapped == Space)
                {
                    pendingSpace = length > 0;
                }
                else if (mapped != Drop)
                {
                    if (pendingSpace)
                    {
                        output[length++] = ' ';
                        pendingSpace = false;
                    }

                    output[length++] = mapped;
                }

                continue;
            }

            if (Rune.DecodeFromUtf16(source[index..], out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            index += consumed;
            Emit(rune, output, ref length, ref pendingSpace);
        }

        return length;
    }

    /// <summary>
    /// Normalizes 16 characters at once when they are only ASCII letters, digits and single spaces (most of running
    /// text), producing exactly what the character-by-character path would; returns false to leave any other block to it.
    /// </summary>
    private bool TryPlainBlock(ReadOnlySpan<char> source, int index, Span<char> output, ref int length, ref bool pendingSpace)
    {
        var block = Vector256.LoadUnsafe(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(source)), (nuint)index);
        var folded = block | Vector256.Create((ushort)0x20);
        var isLetter = Vector256.LessThanOrEqual(folded - Vector256.Create((ushort)'a'), Vector256.Create((ushort)25));
        var isDigit = Vector256.LessThanOrEqual(block - Vector256.Create((ushort)'0'), Vector256.Create((ushort)9));
        var isSpace = Vector256.Equals(block, Vector256.Create((ushort)' '));
        if (!Vector256.EqualsAll(isLetter | isDigit | isSpace, Vector256<ushort>.AllBitsSet))
        {
            return false;
        }

        // Spaces must be single, not first in the output, not after a pending space, and not last in the block.
        var spaces = isSpace.ExtractMostSignificantBits();
        var startsWithSpace = (spaces & 1) != 0;
        if ((spaces & (spaces >> 1)) != 0 || (spaces & (1u << (Vector256<ushort>.Count - 1))) != 0 ||
            (startsWithSpace && (pendingSpace || length == 0)))
        {
            return false;
        }

        if (pendingSpace)
        {
            output[length++] = ' ';
            pendingSpace = false;
        }

        var result = options.LowerCase ? Vector256.ConditionalSelect(isLetter, folded, block) : block;
        if (options.ReplaceDigits)
        {
            result = Vector256.ConditionalSelect(isDigit, Vector256.Create((ushort)'0'), result);
        }

        result.StoreUnsafe(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(output)), (nuint)length);
        length += Vector256<ushort>.Count;
        return true;
    }

    private void Emit(Rune rune, Span<char> output, ref int length, ref bool pendingSpace)
    {
        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                if (!options.CollapseWhitespace)
                {
                    output[length++] = c;
                }
                else
                {
                    pendingSpace = length > 0;
                }

                return;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (options.ReplaceDigits && char.IsAsciiDigit(c))
                {
                    c = '0';
                }
                else if (options.LowerCase && char.IsAsciiLetterUpper(c))
                {
                    c = (char)(c | 0x20);
                }
            }
            else if (options.RemovePunctuation)
            {
                // Every other ASCII character is punctuation, a symbol or a control character.
                return;
            }

            FlushSpace(output, ref length, ref pendingSpace);
            output[length++] = c;
            return;
        }

        if (Rune.IsWhiteSpace(rune))
        {
            if (options.CollapseWhitespace)
            {
                pendingSpace = length > 0;
                return;
            }
        }
        else
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (options.RemovePunctuation && IsPunctuationSymbolOrFormat(category))
            {
                return;
            }

            if (options.ReplaceDigits && category == UnicodeCategory.DecimalDigitNumber)
            {
                rune = new Rune('0');
            }
            else if (options.LowerCase)
            {
                rune = Rune.ToLowerInvariant(rune);
            }
        }

        FlushSpace(output, ref length, ref pendingSpace);
        length += rune.EncodeToUtf16(output[length..]);
    }

    private static void FlushSpace(Span<char> output, ref int length, ref bool pendingSpace)
    {
        if (pendingSpace)
        {
            output[length++] = ' ';
            pendingSpace = false;
        }
    }

    private static bool IsPunctuationSymbolOrFormat(UnicodeCategory category) => category switch
    {
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation => true,
        UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol => true,
        UnicodeCategory.Format or UnicodeCategory.Control => true,
        _ => false,
    };
}

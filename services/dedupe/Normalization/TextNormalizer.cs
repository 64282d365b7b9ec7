using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sluice.Dedupe.Normalization;

/// <summary>Applies <see cref="TextNormalizationOptions"/> to text, one pass over its Unicode scalar values.</summary>
internal sealed class TextNormalizer(TextNormalizationOptions options)
{
    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = options.UnicodeCompatibility && !text.IsNormalized(NormalizationForm.FormKC)
            ? text.Normalize(NormalizationForm.FormKC)
            : text;

        // Lower-casing maps one scalar to one scalar, which can grow a BMP character into a surrogate pair at most.
        var rented = ArrayPool<char>.Shared.Rent(Math.Max(16, source.Length * 2));
        try
        {
            var written = Normalize(source, rented);
            return new string(rented, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    private int Normalize(ReadOnlySpan<char> source, Span<char> output)
    {
        var length = 0;
        var pendingSpace = false;
        var index = 0;
        while (index < source.Length)
        {
            var c = source[index];
            if (c < 0x80)
            {
                index++;
                if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
                {
                    if (options.CollapseWhitespace)
                    {
                        pendingSpace = length > 0;
                    }
                    else
                    {
                        output[length++] = c;
                    }

                    continue;
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
                    // Any other printable ASCII character is punctuation or a symbol; control characters are dropped too.
                    continue;
                }

                if (pendingSpace)
                {
                    output[length++] = ' ';
                    pendingSpace = false;
                }

                output[length++] = c;
                continue;
            }

            if (Rune.DecodeFromUtf16(source[index..], out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                consumed = 1;
            }

            index += consumed;
            if (Rune.IsWhiteSpace(rune))
            {
                if (options.CollapseWhitespace)
                {
                    pendingSpace = length > 0;
                    continue;
                }
            }
            else
            {
                var category = Rune.GetUnicodeCategory(rune);
                if (options.RemovePunctuation && IsPunctuationSymbolOrFormat(category))
                {
                    continue;
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

            if (pendingSpace)
            {
                output[length++] = ' ';
                pendingSpace = false;
            }

            length += rune.EncodeToUtf16(output[length..]);
        }

        return length;
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

using System.Text;
using System.Text.RegularExpressions;
using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// The <c>13a</c> tokenization sacreBLEU applies before BLEU by default, the one of WMT's mteval-v13a.pl
/// (sacreBLEU, <c>tokenizers/tokenizer_13a.py</c> and <c>tokenizer_re.py</c>): drop <c>&lt;skipped&gt;</c>, join
/// <c>-\n</c> hyphenation, newlines to spaces, unescape <c>&amp;quot; &amp;amp; &amp;lt; &amp;gt;</c>; then put spaces
/// around ASCII punctuation and symbols except <c>'</c>, <c>-</c>, <c>.</c> and <c>,</c>; split a period or comma
/// off unless it is between digits; split a dash that follows a digit; and collapse whitespace.
/// </summary>
public static partial class Mteval13aTokenizer
{
    /// <summary>Tokenizes one segment; the words of the result are separated by single spaces.</summary>
    public static string Tokenize(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Replace("<skipped>", "", StringComparison.Ordinal)
            .Replace("-\n", "", StringComparison.Ordinal)
            .Replace('\n', ' ')
            .Replace("&quot;", "\"", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal)
            .Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal);

        var spaced = new StringBuilder(line.Length * 2 + 2).Append(' ');
        foreach (var c in line)
        {
            if (IsSplitSymbol(c))
            {
                spaced.Append(' ').Append(c).Append(' ');
            }
            else
            {
                spaced.Append(c);
            }
        }

        var text = spaced.Append(' ').ToString();
        text = PeriodCommaAfterNonDigit().Replace(text, "$1 $2 ");
        text = PeriodCommaBeforeNonDigit().Replace(text, " $1 $2");
        text = DashAfterDigit().Replace(text, "$1 $2 ");
        return string.Join(' ', PythonText.SplitOnWhitespace(text));
    }

    // ASCII 0x20–0x26, 0x28–0x2B, 0x2F, 0x3A–0x40, 0x5B–0x60, 0x7B–0x7E: every printable symbol but ' - . , and
    // digits and letters (the first rule of mteval-v13a's language-dependent part).
    private static bool IsSplitSymbol(char c) =>
        c is (>= ' ' and <= '&') or (>= '(' and <= '+') or '/' or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    [GeneratedRegex("([^0-9])([.,])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaAfterNonDigit();

    [GeneratedRegex("([.,])([^0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PeriodCommaBeforeNonDigit();

    [GeneratedRegex("([0-9])(-)", RegexOptions.CultureInvariant)]
    private static partial Regex DashAfterDigit();
}

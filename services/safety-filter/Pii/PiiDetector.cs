using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.SafetyFilter;

/// <summary>
/// Finds PII in text with patterns plus checksums (Luhn for cards, mod-97 for IBANs, address parsing for IPs) and
/// replaces it with typed placeholders. When matches overlap, the earlier kind in <see cref="PiiType"/> wins.
/// </summary>
internal sealed partial class PiiDetector(IReadOnlySet<PiiType> enabled)
{
    public static string Placeholder(PiiType type) => type switch
    {
        PiiType.Secret => "<SECRET>",
        PiiType.Email => "<EMAIL>",
        PiiType.Iban => "<IBAN>",
        PiiType.CreditCard => "<CREDIT_CARD>",
        PiiType.UsSsn => "<US_SSN>",
        PiiType.IpAddress => "<IP_ADDRESS>",
        PiiType.Phone => "<PHONE>",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown PII type"),
    };

    /// <summary>Every PII value found, in text order, without overlaps.</summary>
    public List<PiiMatch> Find(string text)
    {
        var candidates = new List<PiiMatch>();
        if (enabled.Contains(PiiType.Secret))
        {
            foreach (var pattern in SecretPatterns())
            {
                AddMatches(candidates, pattern, text, PiiType.Secret, null);
            }

            foreach (Match match in UrlCredentials().Matches(text))
            {
                var group = match.Groups["credentials"];
                candidates.Add(new PiiMatch(group.Index, group.Length, PiiType.Secret));
            }
        }

        if (text.Contains('@'))
        {
            AddIf(candidates, PiiType.Email, Email(), text, null);
        }

        AddIf(candidates, PiiType.Iban, Iban(), text, IsValidIban);
        AddIf(candidates, PiiType.CreditCard, CardNumber(), text, IsValidCard);
        AddIf(candidates, PiiType.UsSsn, Ssn(), text, null);
        if (enabled.Contains(PiiType.IpAddress))
        {
            if (text.Contains(':'))
            {
                AddMatches(candidates, IPv6Candidate(), text, PiiType.IpAddress, IsIPv6);
            }

            AddMatches(candidates, IPv4(), text, PiiType.IpAddress, null);
        }

        AddIf(candidates, PiiType.Phone, InternationalPhone(), text, HasPhoneDigitCount);
        AddIf(candidates, PiiType.Phone, NorthAmericanPhone(), text, null);

        var accepted = new List<PiiMatch>();
        foreach (var candidate in candidates.OrderBy(c => c.Type).ThenByDescending(c => c.Length))
        {
            if (!accepted.Any(a => a.Start < candidate.End && candidate.Start < a.End))
            {
                accepted.Add(candidate);
            }
        }

        accepted.Sort((a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    /// <summary>The text with every match replaced by its placeholder.</summary>
    public static string Redact(string text, IReadOnlyList<PiiMatch> matches)
    {
        if (matches.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches)
        {
            builder.Append(text, at, match.Start - at).Append(Placeholder(match.Type));
            at = match.End;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }

    public static bool IsValidCard(string candidate)
    {
        Span<int> digits = stackalloc int[19];
        var count = 0;
        foreach (var c in candidate)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length)
                {
                    return false;
                }

                digits[count++] = c - '0';
            }
        }

        if (count < 13)
        {
            return false;
        }

        // Issuer prefixes (ISO/IEC 7812 IINs of the major networks) keep arbitrary Luhn-valid digit runs out.
        var first = digits[0];
        var two = digits[0] * 10 + digits[1];
        var four = two * 100 + digits[2] * 10 + digits[3];
        var knownIssuer = first == 4 || two is >= 51 and <= 55 || four is >= 2221 and <= 2720 || two is 34 or 37
            || two is 36 or 38 or 30 || two == 35 || first == 6;
        if (!knownIssuer)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            var d = digits[count - 1 - i];
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    public static bool IsValidIban(string candidate)
    {
        var compact = candidate.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (compact.Length is < 15 or > 34)
        {
            return false;
        }

        // ISO 13616: move the first four characters to the end, letters become 10..35, the number mod 97 must be 1.
        var remainder = 0;
        for (var i = 0; i < compact.Length; i++)
        {
            var c = compact[(i + 4) % compact.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>
    /// A parseable IPv6 address with at least two non-empty groups and either four groups or one of 3+ hex digits, so
    /// prose such as "Section 1::" or a verse reference "3:20::" is not taken for one.
    /// </summary>
    private static bool IsIPv6(string candidate)
    {
        var groups = candidate.Split(':').Where(g => g.Length > 0).ToList();
        return groups.Count >= 2 && (groups.Count >= 4 || groups.Any(g => g.Length >= 3))
            && IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool HasPhoneDigitCount(string candidate)
    {
        var digits = candidate.Count(char.IsAsciiDigit);
        return digits is >= 8 and <= 15;
    }

    private void AddIf(List<PiiMatch> candidates, PiiType type, Regex pattern, string text, Func<string, bool>? valid)
    {
        if (enabled.Contains(type))
        {
            AddMatches(candidates, pattern, text, type, valid);
        }
    }

    private static void AddMatches(List<PiiMatch> candidates, Regex pattern, string text, PiiType type, Func<string, bool>? valid)
    {
        foreach (Match match in pattern.Matches(text))
        {
            if (valid is null || valid(match.Value))
            {
                candidates.Add(new PiiMatch(match.Index, match.Length, type));
            }
        }
    }

    private static IEnumerable<Regex> SecretPatterns()
    {
        yield return PrivateKeyBlock();
        yield return JsonWebToken();
        yield return AwsAccessKey();
        yield return GitHubToken();
        yield return SlackToken();
        yield return GoogleApiKey();
        yield return StripeKey();
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{10,}")]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bxox[abposr]-(?:[A-Za-z0-9]+-){1,5}[A-Za-z0-9]+\b")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])")]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\b(?:sk|pk|rk)_(?:live|test)_[0-9A-Za-z]{10,99}\b")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.\-]*://(?<credentials>[^\s:/@]+:[^\s/@]+)@[^\s/]")]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")]
    private static partial Regex Iban();

    // Card numbers as printed: one run of digits, or 4-4-4-4(-1..3) / 4-6-4..5 groups with one separator throughout.
    [GeneratedRegex(@"(?<![\d\-])(?:\d{13,19}|\d{4}(?<s>[ \-])\d{4}\k<s>\d{4}\k<s>\d{4}(?:\k<s>\d{1,3})?|\d{4}(?<t>[ \-])\d{6}\k<t>\d{4,5})(?![\d\-])")]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"(?<![\d\-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d\-])")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![0-9A-Za-z:])")]
    private static partial Regex IPv6Candidate();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)")]
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w+])\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){2,6}(?!\w)")]
    private static partial Regex InternationalPhone();

    [GeneratedRegex(@"(?<![\w(])(?:1[ .\-])?(?:\(\d{3}\) ?|\d{3}[.\-])\d{3}[.\-]\d{4}(?!\w)")]
    private static partial Regex NorthAmericanPhone();
}

using System.Globalization;
using System.Net;
using System.Text;

namespace Sluice.SafetyFilter.Tests;

/// <summary>Realistic PII values of every kind, generated deterministically (valid checksums where the format has one).</summary>
internal sealed class PlantedPii(int seed)
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Random random = new(seed);

    public (string Value, string Placeholder) Next(int kind) => kind switch
    {
        0 => (Email(), "<EMAIL>"),
        1 => (Phone(), "<PHONE>"),
        2 => (IPv4(), "<IP_ADDRESS>"),
        3 => (IPv6(), "<IP_ADDRESS>"),
        4 => (Card(), "<CREDIT_CARD>"),
        5 => (Iban(), "<IBAN>"),
        6 => (Ssn(), "<US_SSN>"),
        _ => (Secret(), "<SECRET>"),
    };

    public const int Kinds = 8;

    private string Digits(int count) => string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    private string Chars(string alphabet, int count) => string.Concat(Enumerable.Range(0, count).Select(_ => alphabet[random.Next(alphabet.Length)]));

    private string Email()
    {
        string[] names = ["john.smith", "maria_garcia", "l.chen", "olaf.nilsen84", "info+news", "k-obrien", "p.dubois", "anna.kowalska"];
        string[] domains = ["example.com", "mail.co.uk", "uni-heidelberg.de", "company.org", "dept.state.gov", "web.example.net"];
        return names[random.Next(names.Length)] + random.Next(100) + "@" + domains[random.Next(domains.Length)];
    }

    private string Phone()
    {
        var area = random.Next(201, 990).ToString(CultureInfo.InvariantCulture);
        var exchange = random.Next(200, 999).ToString(CultureInfo.InvariantCulture);
        string[] formats =
        [
            $"+1 {area} {exchange} {Digits(4)}", $"+1 ({area}) {exchange}-{Digits(4)}", $"({area}) {exchange}-{Digits(4)}",
            $"{area}-{exchange}-{Digits(4)}", $"{area}.{exchange}.{Digits(4)}", $"+44 20 {Digits(4)} {Digits(4)}",
            $"+44 7{Digits(3)} {Digits(6)}", $"+49 30 {Digits(8)}", $"+49 (0)89 {Digits(7)}", $"+33 1 {Digits(2)} {Digits(2)} {Digits(2)} {Digits(2)}",
            $"+91 9{Digits(4)} {Digits(5)}", $"+81 3-{Digits(4)}-{Digits(4)}", $"+61 2 {Digits(4)} {Digits(4)}", $"+55 11 9{Digits(4)}-{Digits(4)}",
            $"+34 612 {Digits(3)} {Digits(3)}", $"+390{Digits(1)}{Digits(8)}",
        ];
        return formats[random.Next(formats.Length)];
    }

    private string IPv4() => $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";

    private string IPv6()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            Array.Clear(bytes, 6, 6);
        }

        bytes[0] = 0x20;
        bytes[1] = 0x01;
        return new IPAddress(bytes).ToString();
    }

    private string Card()
    {
        string[] prefixes = ["4", "51", "53", "55", "2221", "34", "37", "6011"];
        var prefix = prefixes[random.Next(prefixes.Length)];
        var length = prefix is "34" or "37" ? 15 : 16;
        var body = prefix + Digits(length - 1 - prefix.Length);
        var number = body + LuhnDigit(body);
        return random.Next(3) switch
        {
            0 => number,
            1 when length == 16 => string.Join(' ', Enumerable.Range(0, 4).Select(i => number.Substring(i * 4, 4))),
            _ when length == 16 => string.Join('-', Enumerable.Range(0, 4).Select(i => number.Substring(i * 4, 4))),
            _ => $"{number[..4]} {number[4..10]} {number[10..]}",
        };
    }

    private static char LuhnDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }

    private string Iban()
    {
        var (country, bban) = random.Next(6) switch
        {
            0 => ("DE", Digits(18)),
            1 => ("GB", Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + Digits(14)),
            2 => ("FR", Digits(10) + Chars(Alphanumeric[..26] + "0123456789", 11) + Digits(2)),
            3 => ("ES", Digits(20)),
            4 => ("NL", Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4) + Digits(10)),
            _ => ("IT", "X" + Digits(10) + Digits(12)),
        };
        var rearranged = new StringBuilder();
        foreach (var c in bban + country + "00")
        {
            rearranged.Append(char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture));
        }

        var remainder = 0;
        foreach (var c in rearranged.ToString())
        {
            remainder = (remainder * 10 + (c - '0')) % 97;
        }

        var iban = country + (98 - remainder).ToString("00", CultureInfo.InvariantCulture) + bban;
        return random.Next(2) == 0 ? iban : string.Join(' ', iban.Chunk(4).Select(chunk => new string(chunk)));
    }

    private string Ssn()
    {
        var area = random.Next(1, 900);
        if (area == 666)
        {
            area = 667;
        }

        return $"{area:000}-{random.Next(1, 100):00}-{random.Next(1, 10000):0000}";
    }

    private string Secret() => random.Next(9) switch
    {
        0 => "AKIA" + Chars(Alphanumeric[..26] + "234567", 16),
        1 => "ghp_" + Chars(Alphanumeric, 36),
        2 => $"xoxb-{Digits(12)}-{Digits(13)}-{Chars(Alphanumeric, 24)}",
        3 => "AIza" + Chars(Alphanumeric + "-_", 34) + "Q",
        4 => "sk_live_" + Chars(Alphanumeric, 24),
        5 => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI" + Chars(Alphanumeric, 20) + "." + Chars(Alphanumeric + "-_", 43),
        6 => "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA" + Chars(Alphanumeric, 48) + "\n" + Chars(Alphanumeric, 64) + "\n-----END RSA PRIVATE KEY-----",
        7 => $"https://deploy:{Chars(Alphanumeric, 16)}@git.example.com/repo.git",
        _ => "github_pat_" + Chars(Alphanumeric + "_", 82),
    };
}

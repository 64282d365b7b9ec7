using System.Text;
using Sluice.Testing;

namespace Sluice.Tokenizer.Tests;

/// <summary>The texts the equality tests run on: real corpora, code, emoji and adversarial strings.</summary>
internal static class TestTexts
{
    public static IReadOnlyList<string> Brown() => BrownCorpus.Documents().Select(d => d.Text).ToList();

    public static IReadOnlyList<string> Fortunes(int perLanguage = 400)
    {
        var texts = new List<string>();
        // Portuguese is left out: its package installs one file, not the folder Fortunes.Read expects.
        foreach (var language in new[] { "en", "es", "de", "it", "pl", "ru", "cs" })
        {
            texts.AddRange(Sluice.Testing.Fortunes.Read(language).Take(perLanguage));
        }

        return texts;
    }

    public static IReadOnlyList<string> SourceCode()
    {
        var root = RepoLayout.Root;
        var files = Directory.GetFiles(Path.Combine(root, "shared"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "scripts"), "*.sh"))
            .Concat(Directory.GetFiles(Path.Combine(RepoLayout.PeerPackage("tiktoken")), "*.js"))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && new FileInfo(f).Length < 200_000)
            .Order(StringComparer.Ordinal);
        return files.Select(File.ReadAllText).ToList();
    }

    public static IReadOnlyList<string> Adversarial()
    {
        var texts = new List<string>
        {
            "",
            " ",
            "\n",
            new string(' ', 5000),
            new string(' ', 3000) + "word" + new string(' ', 2999),
            string.Concat(Enumerable.Repeat("\n", 2000)),
            string.Concat(Enumerable.Repeat(" \n \r\n\t", 500)),
            "\t\t\t  \u00a0\u3000\u2003x\u2028y\u0085z",
            new string('9', 10_000),
            "3.14159265358979323846264338327950288419716939937510 and 1,000,000 and ١٢٣٤٥ and ⅷ and ²³",
            new string('a', 20_000),
            string.Concat(Enumerable.Repeat("abcdefghij", 3000)),
            "Supercalifragilisticexpialidocious" + new string('z', 500),
            "I'm you're we've they'll he'd it's ’s I'M YOU'RE WE'VE THEY'LL HE'D IT'S 'Sup 'ſ 'ſt don'T",
            "Mixed scripts: Ελληνικά русский текст 中文字符 日本語のテキスト 한국어 텍스트 עברית العربية हिन्दी ไทย",
            "Combining: e\u0301 a\u0300\u0301\u0302 Z\u0351\u0352\u0353\u0354 \u0301\u0301\u0301start n\u0303o\u0308",
            "Zalgo: Ṯ̤͍̥͇͈h̲́e͏͓̼̗̙̼̣͔ ͇̜̱̠͓͍ͅN͕͠e̗̱z̘̝̜̺͙p̤̺̹͍̯͚e̠̻̠͜r̨̤͍̺̖͔̖̖d̠̟̭̬̝͟i̦͖̩͓͔̤a̠̗̬͉̙n͚͜",
            "Emoji: 😀😃😄 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇺🇳 ❤️ 🫠🫡 ⌚️ ©️ 1️⃣ #️⃣",
            "Lone surrogates: \ud800 x \udfff y \ud83d z \ude00 end\ud800",
            "HTML <div class=\"x\">&amp;&lt;</div> URL https://example.com/a/b?c=d&e=f#g //comment /* c */",
            "CamelCaseWordsAndALLCAPSAndMixedUPPERlower iPhone eBay McDonald's ΣΊΣΥΦΟΣ ǅungla ǈ",
            "Tabs\tand\r\nwindows\r\nlines\r\r\n\n and trailing   ",
            "<|endoftext|> is ordinary text here, and so is <|fim_prefix|> and <|endofprompt|>",
            "\u200b\u200c\u200d\ufeff\u2060 zero widths, \u00ad soft hyphen, \u0000 null \u0001\u001f controls",
            "'''''''' \"\"\"\"\" ----- ===== ***** ..... !!!!! ????? ///// \\\\\\\\\\",
            "a'b'c'd 's 't 're 've 'm 'll 'd ' s",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕄𝕒𝕥𝕙 𝟙𝟚𝟛 𐍈 𓀀 𠜎𠜱𠝹 𝒜",
            "Numbers1234letters5678 x1y22z333w4444",
        };

        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            texts.Add(RandomText(random, random.Next(1, 200)));
        }

        return texts;
    }

    /// <summary>A random string drawn from many scripts, marks, white space, digits, punctuation and emoji (valid UTF-16).</summary>
    public static string RandomText(Random random, int length)
    {
        string[] pool =
        [
            "a", "Z", "e", "'", "'s", "'LL", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", "0", "7", "٣", "½", ".", ",", "!", "/", "-", "_",
            "é", "ß", "Ω", "ж", "Ж", "中", "の", "한", "ا", "ה", "अ", "ि", "\u0301", "\u0308", "😀", "👍🏽", "🇩🇪", "𝕏", "ǅ", "ʰ", "ſ", "<|endoftext|>", "$", "€", "\u200d",
        ];
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(pool[random.Next(pool.Length)]);
        }

        return builder.ToString();
    }
}

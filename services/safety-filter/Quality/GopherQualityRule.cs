namespace Sluice.SafetyFilter;

/// <summary>The Gopher quality rules (Rae et al. 2021): word count, mean word length, symbol ratios, bullet and ellipsis lines, alphabetic words, stop words.</summary>
internal sealed class GopherQualityRule : IDocumentRule
{
    private static readonly string[] Bullets = ["•", "‣", "●", "○", "▪", "◦", "-", "*", "–", "—"];
    private readonly GopherQualityOptions options;
    private readonly HashSet<string> stopWords;

    public GopherQualityRule(GopherQualityOptions options)
    {
        options.Validate();
        this.options = options;
        stopWords = new HashSet<string>(options.StopWords, StringComparer.OrdinalIgnoreCase);
    }

    public string Name => "gopher_quality";

    public RuleVerdict Apply(RuleContext context)
    {
        var text = context.Text;
        var words = TextStatistics.Words(text);
        var count = words.Length;
        if (count < options.MinWords)
        {
            return RuleVerdict.Drop("gopher_short_doc", count);
        }

        if (count > options.MaxWords)
        {
            return RuleVerdict.Drop("gopher_long_doc", count);
        }

        long letters = 0;
        int alphabetic = 0, stop = 0, hashes = 0, ellipses = 0;
        foreach (var word in words)
        {
            letters += word.Length;
            if (word.AsSpan().ContainsAny(LetterSearch.Letters) || HasLetter(word))
            {
                alphabetic++;
            }

            if (stopWords.Contains(word.TrimEnd('.', ',', ';', ':', '!', '?', '"', '\'')))
            {
                stop++;
            }

            hashes += Count(word, "#");
            ellipses += Count(word, "...") + Count(word, "…");
        }

        var meanLength = (double)letters / count;
        if (meanLength < options.MinMeanWordLength || meanLength > options.MaxMeanWordLength)
        {
            return RuleVerdict.Drop("gopher_mean_word_length", meanLength);
        }

        if ((double)hashes / count > options.MaxSymbolToWordRatio)
        {
            return RuleVerdict.Drop("gopher_hash_to_word_ratio", (double)hashes / count);
        }

        if ((double)ellipses / count > options.MaxSymbolToWordRatio)
        {
            return RuleVerdict.Drop("gopher_ellipsis_to_word_ratio", (double)ellipses / count);
        }

        var lines = TextStatistics.NonBlankLines(text);
        var bulletRatio = lines.Count == 0 ? 0 : (double)lines.Count(l => Bullets.Any(b => l.StartsWith(b, StringComparison.Ordinal))) / lines.Count;
        if (bulletRatio > options.MaxBulletLineRatio)
        {
            return RuleVerdict.Drop("gopher_bullet_lines", bulletRatio);
        }

        var ellipsisLineRatio = lines.Count == 0 ? 0 : (double)lines.Count(l => l.EndsWith("...", StringComparison.Ordinal) || l.EndsWith('…')) / lines.Count;
        if (ellipsisLineRatio > options.MaxEllipsisLineRatio)
        {
            return RuleVerdict.Drop("gopher_ellipsis_lines", ellipsisLineRatio);
        }

        var alphabeticRatio = (double)alphabetic / count;
        if (alphabeticRatio < options.MinAlphabeticWordRatio)
        {
            return RuleVerdict.Drop("gopher_alphabetic_words", alphabeticRatio);
        }

        if (stop < options.MinStopWords)
        {
            return RuleVerdict.Drop("gopher_stop_words", stop);
        }

        return RuleVerdict.Kept;
    }

    private static bool HasLetter(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    private static int Count(string haystack, string needle)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

namespace Sluice.SafetyFilter;

/// <summary>The Gopher repetition rules (Rae et al. 2021): duplicate lines and paragraphs, top n-grams, duplicate n-grams.</summary>
internal sealed class GopherRepetitionRule : IDocumentRule
{
    private readonly GopherRepetitionOptions options;

    public GopherRepetitionRule(GopherRepetitionOptions options)
    {
        options.Validate();
        this.options = options;
    }

    public string Name => "gopher_repetition";

    public RuleVerdict Apply(RuleContext context)
    {
        var text = context.Text;
        if (text.Length == 0)
        {
            return RuleVerdict.Kept;
        }

        var paragraphs = TextStatistics.Paragraphs(text);
        var (dupParagraphs, dupParagraphChars) = TextStatistics.Duplicates(paragraphs);
        if (paragraphs.Count > 0 && (double)dupParagraphs / paragraphs.Count > options.MaxDuplicateParagraphFraction)
        {
            return RuleVerdict.Drop("dup_para_frac", (double)dupParagraphs / paragraphs.Count);
        }

        if ((double)dupParagraphChars / text.Length > options.MaxDuplicateParagraphCharFraction)
        {
            return RuleVerdict.Drop("dup_para_char_frac", (double)dupParagraphChars / text.Length);
        }

        var lines = TextStatistics.NonBlankLines(text);
        var (dupLines, dupLineChars) = TextStatistics.Duplicates(lines);
        if (lines.Count > 0 && (double)dupLines / lines.Count > options.MaxDuplicateLineFraction)
        {
            return RuleVerdict.Drop("dup_line_frac", (double)dupLines / lines.Count);
        }

        if ((double)dupLineChars / text.Length > options.MaxDuplicateLineCharFraction)
        {
            return RuleVerdict.Drop("dup_line_char_frac", (double)dupLineChars / text.Length);
        }

        var words = TextStatistics.Words(text);
        long wordChars = 0;
        var ids = new int[words.Length];
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            wordChars += words[i].Length;
            if (!vocabulary.TryGetValue(words[i], out ids[i]))
            {
                ids[i] = vocabulary[words[i]] = vocabulary.Count;
            }
        }

        if (wordChars == 0)
        {
            return RuleVerdict.Kept;
        }

        foreach (var (n, limit) in options.MaxTopNGramCharFraction.OrderBy(p => p.Key))
        {
            var fraction = TopNGramCharFraction(words, ids, n, wordChars);
            if (fraction > limit)
            {
                return RuleVerdict.Drop($"top_{n}_gram", fraction);
            }
        }

        foreach (var (n, limit) in options.MaxDuplicateNGramCharFraction.OrderBy(p => p.Key))
        {
            var fraction = DuplicateNGramCharFraction(words, ids, n, wordChars);
            if (fraction > limit)
            {
                return RuleVerdict.Drop($"duplicated_{n}_n_grams", fraction);
            }
        }

        return RuleVerdict.Kept;
    }

    /// <summary>
    /// A 64-bit FNV-1a hash of the word ids of one n-gram. Two different n-grams of one document share a hash with
    /// odds near n²/2⁶⁴, which is far below any threshold's resolution, so n-grams are compared by hash.
    /// </summary>
    private static ulong Hash(int[] ids, int start, int n)
    {
        var hash = 14695981039346656037UL;
        for (var k = start; k < start + n; k++)
        {
            hash = (hash ^ (uint)ids[k]) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Characters of the most frequent n-gram times its count, over all word characters.</summary>
    private static double TopNGramCharFraction(string[] words, int[] ids, int n, long wordChars)
    {
        if (words.Length < n)
        {
            return 0;
        }

        var counts = new Dictionary<ulong, int>(words.Length);
        var best = 0L;
        for (var i = 0; i + n <= words.Length; i++)
        {
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, Hash(ids, i, n), out _);
            count++;
            long chars = 0;
            for (var k = i; k < i + n; k++)
            {
                chars += words[k].Length;
            }

            best = Math.Max(best, count * chars);
        }

        return (double)best / wordChars;
    }

    /// <summary>Characters of words lying inside any n-gram that already occurred earlier, over all word characters.</summary>
    private static double DuplicateNGramCharFraction(string[] words, int[] ids, int n, long wordChars)
    {
        if (words.Length < n)
        {
            return 0;
        }

        var seen = new HashSet<ulong>(words.Length);
        var covered = new bool[words.Length];
        for (var i = 0; i + n <= words.Length; i++)
        {
            if (!seen.Add(Hash(ids, i, n)))
            {
                Array.Fill(covered, true, i, n);
            }
        }

        long chars = 0;
        for (var i = 0; i < words.Length; i++)
        {
            if (covered[i])
            {
                chars += words[i].Length;
            }
        }

        return (double)chars / wordChars;
    }
}

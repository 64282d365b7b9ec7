using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.SafetyFilter;

/// <summary>
/// The C4 rules (Raffel et al. 2020): cleans lines (terminal punctuation, short lines, javascript and policy lines,
/// citation markers), then drops documents with lorem ipsum, curly braces, or too few sentences left.
/// </summary>
internal sealed partial class C4QualityRule : IDocumentRule
{
    private static readonly string[] PolicySubstrings = ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];
    private readonly C4QualityOptions options;

    public C4QualityRule(C4QualityOptions options)
    {
        options.Validate();
        this.options = options;
    }

    public string Name => "c4_quality";

    public RuleVerdict Apply(RuleContext context)
    {
        var text = context.Text;
        if (options.DropLoremIpsum && text.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
        {
            return RuleVerdict.Drop("lorem_ipsum", 1);
        }

        if (options.DropCurlyBraces && text.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            return RuleVerdict.Drop("curly_bracket", 1);
        }

        var kept = new StringBuilder(text.Length);
        var removed = 0;
        var sentences = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = options.RemoveCitations ? Citation().Replace(raw, string.Empty).Trim() : raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!KeepLine(line))
            {
                removed++;
                continue;
            }

            if (kept.Length > 0)
            {
                kept.Append('\n');
            }

            kept.Append(line);
            sentences += CountSentences(line);
        }

        context.Annotate(Name, "lines_removed", removed);
        if (sentences < options.MinSentences)
        {
            return RuleVerdict.Drop("too_few_sentences", sentences);
        }

        context.Text = kept.ToString();
        return RuleVerdict.Kept;
    }

    private bool KeepLine(string line)
    {
        if (options.RemoveLinesWithoutTerminalPunctuation
            && (line.EndsWith("...", StringComparison.Ordinal) || line.EndsWith('…') || !EndsWithTerminalPunctuation(line)))
        {
            return false;
        }

        var words = TextStatistics.Words(line);
        if (words.Length < options.MinWordsPerLine || words.Any(w => w.Length > options.MaxWordLength))
        {
            return false;
        }

        if (options.RemoveJavascriptLines && line.Contains("javascript", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !(options.RemovePolicyLines && PolicySubstrings.Any(p => line.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool EndsWithTerminalPunctuation(string line) => line[^1] is '.' or '?' or '!' or '"' or '\'' or '”' or '’' or '。' or '？' or '！';

    /// <summary>Counts sentence ends: a run of . ? ! followed by whitespace, a closing quote, or the end of the line.</summary>
    private static int CountSentences(string line)
    {
        var count = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is not ('.' or '?' or '!' or '。' or '？' or '！'))
            {
                continue;
            }

            var end = i;
            while (end + 1 < line.Length && line[end + 1] is '.' or '?' or '!' or '"' or '\'' or '”' or '’')
            {
                end++;
            }

            if (end + 1 == line.Length || char.IsWhiteSpace(line[end + 1]))
            {
                count++;
            }

            i = end;
        }

        return count;
    }

    [GeneratedRegex(@"\[\d*\]|\[edit\]|\[citation needed\]", RegexOptions.IgnoreCase)]
    private static partial Regex Citation();
}

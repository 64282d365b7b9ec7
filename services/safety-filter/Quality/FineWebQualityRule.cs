namespace Sluice.SafetyFilter;

/// <summary>The FineWeb rules: line punctuation ratio, short line ratio, duplicated-line characters, list-like documents.</summary>
internal sealed class FineWebQualityRule : IDocumentRule
{
    private readonly FineWebQualityOptions options;

    public FineWebQualityRule(FineWebQualityOptions options)
    {
        options.Validate();
        this.options = options;
    }

    public string Name => "fineweb_quality";

    public RuleVerdict Apply(RuleContext context)
    {
        var text = context.Text;
        var lines = TextStatistics.NonBlankLines(text);
        if (lines.Count == 0)
        {
            return RuleVerdict.Drop("empty", 0);
        }

        var punctuated = (double)lines.Count(l => l[^1] is '.' or '?' or '!' or '"' or '\'' or '”' or '’' or '…' or '。' or '？' or '！') / lines.Count;
        if (punctuated < options.MinLinePunctuationRatio)
        {
            return RuleVerdict.Drop("line_punct_ratio", punctuated);
        }

        var shortLines = (double)lines.Count(l => l.Length <= options.ShortLineLength) / lines.Count;
        if (shortLines > options.MaxShortLineRatio)
        {
            return RuleVerdict.Drop("short_line_ratio", shortLines);
        }

        var duplicateChars = (double)TextStatistics.Duplicates(lines).Chars / text.Length;
        if (duplicateChars > options.MaxDuplicateLineCharRatio)
        {
            return RuleVerdict.Drop("char_dup_ratio", duplicateChars);
        }

        var words = TextStatistics.Words(text).Length;
        var newLines = text.AsSpan().Count('\n');
        var listRatio = words == 0 ? double.PositiveInfinity : (double)newLines / words;
        if (listRatio > options.MaxNewLineToWordRatio)
        {
            return RuleVerdict.Drop("list_ratio", listRatio);
        }

        return RuleVerdict.Kept;
    }
}

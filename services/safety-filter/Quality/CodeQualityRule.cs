namespace Sluice.SafetyFilter;

/// <summary>Drops source files that look generated or are data rather than code (<see cref="CodeQualityOptions"/>).</summary>
internal sealed class CodeQualityRule : IDocumentRule
{
    private readonly CodeQualityOptions options;

    public CodeQualityRule(CodeQualityOptions options)
    {
        options.Validate();
        this.options = options;
    }

    public string Name => "code_quality";

    public RuleVerdict Apply(RuleContext context)
    {
        var text = context.Text;
        if (text.Length == 0)
        {
            return RuleVerdict.Kept;
        }

        long lines = 0;
        long lineChars = 0;
        var longest = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lines++;
            lineChars += line.Length;
            longest = Math.Max(longest, line.Length);
        }

        if (longest > options.MaxLineLength)
        {
            return RuleVerdict.Drop("max_line_length", longest);
        }

        var mean = (double)lineChars / lines;
        if (mean > options.MaxMeanLineLength)
        {
            return RuleVerdict.Drop("mean_line_length", mean);
        }

        long visible = 0;
        long alphanumeric = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            visible++;
            if (char.IsLetterOrDigit(c))
            {
                alphanumeric++;
            }
        }

        var fraction = visible == 0 ? 0 : (double)alphanumeric / visible;
        return fraction < options.MinAlphanumericFraction ? RuleVerdict.Drop("alphanumeric_fraction", fraction) : RuleVerdict.Kept;
    }
}

namespace Sluice.SafetyFilter;

/// <summary>Redacts PII with typed placeholders and records counts per type (never the values) in the metadata and statistics.</summary>
internal sealed class PiiRedactionRule : IDocumentRule
{
    private readonly PiiDetector detector;

    public PiiRedactionRule(PiiRedactionOptions options)
    {
        options.Validate();
        detector = new PiiDetector(new HashSet<PiiType>(options.Types));
    }

    public string Name => "pii";

    public RuleVerdict Apply(RuleContext context)
    {
        var matches = detector.Find(context.Text);
        if (matches.Count == 0)
        {
            return RuleVerdict.Kept;
        }

        context.Text = PiiDetector.Redact(context.Text, matches);
        foreach (var group in matches.GroupBy(m => m.Type))
        {
            var type = PiiDetector.Placeholder(group.Key).Trim('<', '>');
            context.RecordRedactions(type, group.Count());
            context.Annotate(Name, type, group.Count());
        }

        return RuleVerdict.Kept;
    }
}

namespace Sluice.SafetyFilter;

/// <summary>
/// One filtering rule: looks at a document and keeps or drops it. A rule may also rewrite the text (line cleaning,
/// redaction) or write signals into the metadata through the <see cref="RuleContext"/>.
/// </summary>
public interface IDocumentRule
{
    /// <summary>The rule's stable name, used in statistics, metadata keys and the rejected folder (for example <c>gopher_quality</c>).</summary>
    string Name { get; }

    /// <summary>Applies the rule to the document held by <paramref name="context"/>.</summary>
    RuleVerdict Apply(RuleContext context);
}

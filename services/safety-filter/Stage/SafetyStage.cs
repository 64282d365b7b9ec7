using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.SafetyFilter;

/// <summary>
/// Runs an ordered list of rules over documents. In the default mode the first rule that drops a document ends its
/// run and produces a <see cref="RejectedDocument"/>; in tag-only mode every rule runs and only annotates.
/// </summary>
public sealed class SafetyStage
{
    private readonly IReadOnlyList<IDocumentRule> rules;
    private readonly SafetyStageOptions options;

    /// <summary>Creates a stage over the given rules, applied in order.</summary>
    public SafetyStage(IEnumerable<IDocumentRule> rules, SafetyStageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = rules.ToList();
        this.options = options ?? new SafetyStageOptions();
        var duplicate = this.rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two rules are named '{duplicate.Key}'; rule names key the statistics and must be unique.", nameof(rules));
        }
    }

    /// <summary>The counts of everything this stage processed so far.</summary>
    public SafetyStatistics Statistics { get; } = new();

    /// <summary>The rules, in the order they run.</summary>
    public IReadOnlyList<IDocumentRule> Rules => rules;

    /// <summary>Runs the rules on one document.</summary>
    /// <exception cref="InvalidDocumentException">The document's metadata is not a JSON object.</exception>
    public StageOutcome Process(SafetyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Process(document, ParseMetadata(document));
    }

    /// <summary>Runs the rules on one document whose metadata was parsed already.</summary>
    internal StageOutcome Process(SafetyDocument document, JsonObject metadata)
    {
        var context = new RuleContext(document.Id, document.Text, metadata);
        try
        {
            return Run(document, context);
        }
        finally
        {
            foreach (var (type, count) in context.Redactions)
            {
                Statistics.CountRedactions(type, count);
            }
        }
    }

    private StageOutcome Run(SafetyDocument document, RuleContext context)
    {
        foreach (var rule in rules)
        {
            var verdict = rule.Apply(context);
            if (verdict.Keep)
            {
                continue;
            }

            if (verdict.Reason is null || verdict.MeasuredValue is null)
            {
                throw new InvalidOperationException($"Rule '{rule.Name}' returned a default verdict; return RuleVerdict.Kept or RuleVerdict.Drop(reason, value).");
            }

            if (options.TagOnly)
            {
                context.Annotate(rule.Name, "drop_reason", verdict.Reason);
                context.Annotate(rule.Name, "drop_value", verdict.MeasuredValue);
                Statistics.CountFlagged(rule.Name);
                continue;
            }

            Statistics.CountDropped(rule.Name, verdict.Reason);
            return new StageOutcome(null, new RejectedDocument(
                document.Id, context.Text, context.Metadata.ToJsonString(), rule.Name, verdict.Reason, verdict.MeasuredValue.Value));
        }

        Statistics.CountKept();
        return new StageOutcome(document with { Text = context.Text, MetadataJson = context.Metadata.ToJsonString() }, null);
    }

    /// <summary>The document's metadata as a JSON object (empty when it has none).</summary>
    /// <exception cref="InvalidDocumentException">The metadata is not a JSON object.</exception>
    internal static JsonObject ParseMetadata(SafetyDocument document)
    {
        if (string.IsNullOrWhiteSpace(document.MetadataJson))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(document.MetadataJson) as JsonObject
                ?? throw new InvalidDocumentException(document.Id, "metadata is not a JSON object");
        }
        catch (JsonException error)
        {
            throw new InvalidDocumentException(document.Id, $"metadata is not valid JSON ({error.Message})");
        }
    }
}

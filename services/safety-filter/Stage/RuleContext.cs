using System.Text.Json.Nodes;

namespace Sluice.SafetyFilter;

/// <summary>The document as the rules see it while it moves through the stage: its current text and its metadata.</summary>
public sealed class RuleContext
{
    internal RuleContext(string id, string text, JsonObject metadata)
    {
        Id = id;
        Text = text;
        Metadata = metadata;
    }

    /// <summary>The document's id.</summary>
    public string Id { get; }

    /// <summary>The current text; rules that clean or redact replace it.</summary>
    public string Text { get; set; }

    /// <summary>The document's metadata; rules write their signals under their own name.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The document's source (metadata field <c>source</c>), or null when it has none.</summary>
    public string? Source => Metadata["source"] is JsonValue value && value.TryGetValue<string>(out var source) ? source : null;

    /// <summary>The language tagged by the language-identification rule (metadata <c>language</c>), or null before it ran.</summary>
    public string? Language => Metadata["language"] is JsonValue value && value.TryGetValue<string>(out var language) ? language : null;

    /// <summary>Redactions made in this document, per placeholder type.</summary>
    internal Dictionary<string, int> Redactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that a rule replaced <paramref name="count"/> values of one PII type, for the stage's statistics.</summary>
    public void RecordRedactions(string type, int count) => Redactions[type] = Redactions.GetValueOrDefault(type) + count;

    /// <summary>Writes one signal of a rule into the metadata under <c>safety.&lt;rule&gt;.&lt;signal&gt;</c>.</summary>
    public void Annotate(string rule, string signal, JsonNode? value)
    {
        if (Metadata["safety"] is not JsonObject safety)
        {
            safety = new JsonObject();
            Metadata["safety"] = safety;
        }

        if (safety[rule] is not JsonObject ruleSignals)
        {
            ruleSignals = new JsonObject();
            safety[rule] = ruleSignals;
        }

        ruleSignals[signal] = value;
    }
}

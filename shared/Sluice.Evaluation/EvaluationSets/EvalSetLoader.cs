using System.Text.Json;
using System.Text.Unicode;

namespace Sluice.Evaluation.EvaluationSets;

/// <summary>
/// Reads an evaluation set's JSON Lines (UTF-8, one JSON object per line, blank lines ignored, an optional BOM)
/// and validates every line against its kind's schema (docs/evaluation.md). A bad line never stops the load: it
/// becomes an <see cref="EvalSetProblem"/> naming the file, line and field, and the next line is read.
/// </summary>
public static class EvalSetLoader
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    private static readonly Dictionary<EvalSetKind, string[]> Fields = new()
    {
        [EvalSetKind.Reference] = ["id", "prompt", "references"],
        [EvalSetKind.QuestionAnswering] = ["id", "question", "context", "answers"],
        [EvalSetKind.MultipleChoice] = ["id", "query", "choices", "gold"],
        [EvalSetKind.BiasPairs] = ["id", "stereotyped", "anti_stereotyped", "category"],
    };

    /// <summary>Loads a set from its content.</summary>
    /// <param name="key">The set's parsed key (<see cref="EvalSetKey.TryParse"/>).</param>
    /// <param name="content">The file's bytes; read to the end (or to just past <see cref="EvalSetLimits.MaxFileBytes"/>), not closed.</param>
    /// <param name="limits">Null for <see cref="EvalSetLimits.Default"/>.</param>
    public static EvalSet Load(EvalSetKey key, Stream content, EvalSetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(content);
        limits ??= EvalSetLimits.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = content.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limits.MaxFileBytes)
            {
                return TooLarge(key, limits);
            }
        }

        return Load(key, buffer.ToArray(), limits);
    }

    /// <summary>Loads a set from its bytes.</summary>
    /// <param name="key">The set's parsed key.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="limits">Null for <see cref="EvalSetLimits.Default"/>.</param>
    public static EvalSet Load(EvalSetKey key, ReadOnlySpan<byte> content, EvalSetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        limits ??= EvalSetLimits.Default;
        if (content.Length > limits.MaxFileBytes)
        {
            return TooLarge(key, limits);
        }

        var items = new List<EvalSetItem>();
        var problems = new List<EvalSetProblem>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        var lineNumber = 0;
        while (content.Length > 0 || lineNumber == 0)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            if (IsBlank(line))
            {
                continue;
            }

            if (items.Count >= limits.MaxItems)
            {
                problems.Add(new EvalSetProblem(key.Key, lineNumber, null,
                    $"the set has more than {limits.MaxItems} items; this line and every one after it were not read."));
                break;
            }

            if (line.Length > limits.MaxLineBytes)
            {
                problems.Add(new EvalSetProblem(key.Key, lineNumber, null, $"the line has {line.Length} bytes; at most {limits.MaxLineBytes} are allowed."));
                continue;
            }

            var item = ReadLine(key, lineNumber, line, problems);
            if (item is null)
            {
                continue;
            }

            if (item.Id is { } id && !ids.TryAdd(id, lineNumber))
            {
                problems.Add(new EvalSetProblem(key.Key, lineNumber, "id", $"'{id}' is already the id of line {ids[id]}; ids are unique within a set."));
                continue;
            }

            items.Add(item);
        }

        if (items.Count == 0 && problems.Count == 0)
        {
            problems.Add(new EvalSetProblem(key.Key, null, null, "the set has no items."));
        }

        return new EvalSet(key, items, problems);
    }

    private static EvalSet TooLarge(EvalSetKey key, EvalSetLimits limits) =>
        new(key, [], [new EvalSetProblem(key.Key, null, null, $"the file is larger than {limits.MaxFileBytes} bytes; it was not read.")]);

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
    }

    private static EvalSetItem? ReadLine(EvalSetKey key, int lineNumber, ReadOnlySpan<byte> line, List<EvalSetProblem> problems)
    {
        if (!Utf8.IsValid(line))
        {
            problems.Add(new EvalSetProblem(key.Key, lineNumber, null, "not valid UTF-8; evaluation sets are UTF-8 text."));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray(), ParseOptions);
        }
        catch (JsonException e)
        {
            problems.Add(new EvalSetProblem(key.Key, lineNumber, null, $"not valid JSON ({e.Message})."));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new EvalSetProblem(key.Key, lineNumber, null, $"each line is one JSON object, this one is {Describe(root.ValueKind)}."));
                return null;
            }

            var fields = new LineFields(key, lineNumber, root, problems);
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields[key.Kind].Contains(property.Name, StringComparer.Ordinal))
                {
                    fields.Problem(property.Name, $"unknown field for a '{EvalSetKey.KindSuffixes[key.Kind]}' set; its fields are {string.Join(", ", Fields[key.Kind])}.");
                }
            }

            var id = fields.OptionalString("id");
            EvalSetItem? item = key.Kind switch
            {
                EvalSetKind.Reference => ReadReference(fields, lineNumber, id),
                EvalSetKind.QuestionAnswering => ReadQuestion(fields, lineNumber, id),
                EvalSetKind.MultipleChoice => ReadChoice(fields, lineNumber, id),
                EvalSetKind.BiasPairs => ReadBiasPair(fields, lineNumber, id),
                _ => throw new ArgumentOutOfRangeException(nameof(key), key.Kind, "Unknown evaluation set kind."),
            };
            return fields.HasProblems ? null : item;
        }
    }

    private static ReferenceTaskItem? ReadReference(LineFields fields, int line, string? id)
    {
        var prompt = fields.RequiredString("prompt");
        var references = fields.RequiredStrings("references", minimum: 1);
        return prompt is null || references is null ? null : new ReferenceTaskItem(line, id, prompt, references);
    }

    private static QuestionAnsweringItem? ReadQuestion(LineFields fields, int line, string? id)
    {
        var question = fields.RequiredString("question");
        var context = fields.OptionalString("context");
        var answers = fields.RequiredStrings("answers", minimum: 1);
        return question is null || answers is null ? null : new QuestionAnsweringItem(line, id, question, context, answers);
    }

    private static MultipleChoiceItem? ReadChoice(LineFields fields, int line, string? id)
    {
        var query = fields.RequiredString("query");
        var choices = fields.RequiredStrings("choices", minimum: 2);
        var gold = fields.RequiredIndex("gold", choices?.Count);
        return query is null || choices is null || gold is null ? null : new MultipleChoiceItem(line, id, query, choices, gold.Value);
    }

    private static BiasPairItem? ReadBiasPair(LineFields fields, int line, string? id)
    {
        var stereotyped = fields.RequiredString("stereotyped");
        var anti = fields.RequiredString("anti_stereotyped");
        var category = fields.OptionalString("category");
        if (stereotyped is not null && anti is not null && string.Equals(stereotyped, anti, StringComparison.Ordinal))
        {
            fields.Problem("anti_stereotyped", "is the same sentence as 'stereotyped'; a pair differs in the group it speaks of.");
            return null;
        }

        return stereotyped is null || anti is null ? null : new BiasPairItem(line, id, stereotyped, anti, category);
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}

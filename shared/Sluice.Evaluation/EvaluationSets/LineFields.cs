using System.Text.Json;

namespace Sluice.Evaluation.EvaluationSets;

/// <summary>Reads the typed fields of one JSON line, turning every mismatch into a problem for that field.</summary>
internal sealed class LineFields(EvalSetKey key, int line, JsonElement root, List<EvalSetProblem> problems)
{
    private readonly int _problemsBefore = problems.Count;

    public bool HasProblems => problems.Count > _problemsBefore;

    public void Problem(string field, string message) => problems.Add(new EvalSetProblem(key.Key, line, field, message));

    public string? RequiredString(string field)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            Problem(field, "missing; it is required.");
            return null;
        }

        return NonEmptyString(field, value);
    }

    public string? OptionalString(string field) =>
        root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? NonEmptyString(field, value) : null;

    public IReadOnlyList<string>? RequiredStrings(string field, int minimum)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            Problem(field, "missing; it is required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Problem(field, $"must be an array of strings, not {EvalSetLoader.Describe(value.ValueKind)}.");
            return null;
        }

        var strings = new List<string>();
        var index = 0;
        var ok = true;
        foreach (var element in value.EnumerateArray())
        {
            var text = NonEmptyString($"{field}[{index}]", element);
            ok &= text is not null;
            if (text is not null)
            {
                strings.Add(text);
            }

            index++;
        }

        if (ok && strings.Count < minimum)
        {
            Problem(field, strings.Count == 0 ? "is empty; at least " + minimum + " needed." : $"has {strings.Count}; at least {minimum} needed.");
            return null;
        }

        return ok ? strings : null;
    }

    public int? RequiredIndex(string field, int? count)
    {
        if (!root.TryGetProperty(field, out var value))
        {
            Problem(field, "missing; it is required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var index))
        {
            Problem(field, $"must be a whole number (a 0-based index), not {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : EvalSetLoader.Describe(value.ValueKind))}.");
            return null;
        }

        if (count is { } n && (index < 0 || index >= n))
        {
            Problem(field, $"{index} is out of range: there are {n} choices, so it is 0 to {n - 1}.");
            return null;
        }

        return index;
    }

    private string? NonEmptyString(string field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            Problem(field, $"must be a string, not {EvalSetLoader.Describe(value.ValueKind)}.");
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Problem(field, "is empty.");
            return null;
        }

        return text;
    }
}

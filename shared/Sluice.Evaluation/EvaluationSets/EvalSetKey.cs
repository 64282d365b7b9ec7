using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Sluice.Contracts;

namespace Sluice.Evaluation.EvaluationSets;

/// <summary>
/// Where an evaluation set lives in the lake and what it is: <c>evalsets/&lt;name&gt;.&lt;kind&gt;.jsonl</c>, with
/// <c>name</c> a kebab-case key segment like every other in the lake (lower-case letters, digits and <c>-</c>, starting
/// with a letter or digit, at most 64) and
/// <c>kind</c> one of <c>reference</c>, <c>qa</c>, <c>choice</c>, <c>bias</c>. The kind is in the name, not in the
/// lines, so one file holds one kind and a listing of the prefix tells what each set is without reading it.
/// </summary>
/// <param name="Key">The object key, <c>evalsets/…</c>.</param>
/// <param name="Name">The set's name, which the report uses.</param>
/// <param name="Kind">What the set holds.</param>
public sealed partial record EvalSetKey(string Key, string Name, EvalSetKind Kind)
{
    /// <summary>The lake prefix the evaluator lists (<see cref="LakeKeys.EvaluationSetsPrefix"/>): every set sits directly under it.</summary>
    public const string Prefix = LakeKeys.EvaluationSetsPrefix;

    /// <summary>The file suffix of each kind, as it appears in file names.</summary>
    public static IReadOnlyDictionary<EvalSetKind, string> KindSuffixes { get; } = new Dictionary<EvalSetKind, string>
    {
        [EvalSetKind.Reference] = "reference",
        [EvalSetKind.QuestionAnswering] = "qa",
        [EvalSetKind.MultipleChoice] = "choice",
        [EvalSetKind.BiasPairs] = "bias",
    };

    /// <summary>The key for a set name and kind.</summary>
    public static EvalSetKey For(string name, EvalSetKind kind)
    {
        var key = $"{Prefix}{name}.{KindSuffixes[kind]}.jsonl";
        return TryParse(key, out var parsed, out var error) ? parsed : throw new ArgumentException(error, nameof(name));
    }

    /// <summary>Parses an object key (or a bare file name, taken as under <see cref="Prefix"/>).</summary>
    /// <param name="key">The key, e.g. <c>evalsets/capitals.qa.jsonl</c>.</param>
    /// <param name="parsed">The parsed key when valid.</param>
    /// <param name="error">Why the key is not an evaluation set, when it is not.</param>
    public static bool TryParse(string key, [NotNullWhen(true)] out EvalSetKey? parsed, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        parsed = null;
        var fileName = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            error = $"{key}: evaluation sets sit directly under {Prefix}, not in sub-folders.";
            return false;
        }

        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            error = $"{key}: not an evaluation set name; expected {Prefix}<name>.<kind>.jsonl with <name> of a-z, 0-9 and '-' "
                + $"(at most 64) and <kind> one of {string.Join(", ", KindSuffixes.Values)}.";
            return false;
        }

        var suffix = match.Groups["kind"].Value;
        var kind = KindSuffixes.FirstOrDefault(k => k.Value == suffix);
        if (kind.Value is null)
        {
            error = $"{key}: unknown evaluation set kind '{suffix}'; the kinds are {string.Join(", ", KindSuffixes.Values)}.";
            return false;
        }

        parsed = new EvalSetKey(Prefix + fileName, match.Groups["name"].Value, kind.Key);
        error = null;
        return true;
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9][a-z0-9-]{0,63})\.(?<kind>[a-z]+)\.jsonl$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}

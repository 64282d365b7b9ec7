using System.Reflection;

namespace Sluice.Evaluation.EvaluationSets;

/// <summary>
/// The small example evaluation sets shipped with the library (one of each kind, written for Sluice), embedded in
/// the assembly. The demo seeds a lake's <c>evalsets/</c> with them; the tests load them.
/// </summary>
public static class ExampleSets
{
    private const string ResourcePrefix = "Sluice.Evaluation.ExampleSets.";

    /// <summary>The example sets' keys (<c>evalsets/demo.&lt;kind&gt;.jsonl</c>), in a fixed order.</summary>
    public static IReadOnlyList<EvalSetKey> Keys { get; } = typeof(ExampleSets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(n => EvalSetKey.TryParse(n[ResourcePrefix.Length..], out var key, out var error) ? key : throw new InvalidOperationException(error))
        .ToList();

    /// <summary>The bytes of an example set, as they would be written to the lake.</summary>
    public static byte[] Read(EvalSetKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var fileName = key.Key[EvalSetKey.Prefix.Length..];
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new ArgumentException($"{key.Key} is not an example set.", nameof(key));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Every example set, loaded.</summary>
    public static IReadOnlyList<EvalSet> LoadAll() => Keys.Select(k => EvalSetLoader.Load(k, Read(k))).ToList();
}

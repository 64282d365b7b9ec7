using System.Globalization;
using Spectre.Console;

namespace Sluice.Cli.Embedded;

/// <summary>An evaluation's metrics as a terminal table: bits per byte and the baseline first, then the model's scores, then the sets'.</summary>
internal static class EvaluationTable
{
    public static void Write(IAnsiConsole console, string title, IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, double> deltas)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("metric", "value", "vs best");
        foreach (var (name, value) in metrics.OrderBy(m => Order(m.Key)).ThenBy(m => m.Key, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(name),
                value.ToString("G5", CultureInfo.InvariantCulture),
                deltas.TryGetValue(name, out var delta) ? delta.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture) : string.Empty);
        }

        console.Write(table);
    }

    private static int Order(string name) => name switch
    {
        "bits_per_byte" or "unigram_bits_per_byte" => 0,
        "loss" or "token_perplexity" or "word_perplexity" or "byte_perplexity" => 1,
        _ when name.Contains('/', StringComparison.Ordinal) => 3,
        _ => 2,
    };
}

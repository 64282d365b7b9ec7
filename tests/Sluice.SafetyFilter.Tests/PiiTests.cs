using Sluice.SafetyFilter;
using Xunit.Abstractions;

namespace Sluice.SafetyFilter.Tests;

public sealed class PiiTests(ITestOutputHelper output)
{
    private const int PlantsPerKind = 150;

    private static readonly PiiDetector Detector = new(new HashSet<PiiType>(Enum.GetValues<PiiType>()));

    [Fact]
    public void Recall_on_values_planted_in_Brown_text_is_at_least_99_percent()
    {
        var planted = new PlantedPii(seed: 7);
        var paragraphs = SharedModel.Brown.SelectMany(d => d.Text.Split("\n\n")).Where(p => p.Length > 200).ToList();
        var missed = new Dictionary<string, int>();
        var missedExamples = new List<string>();
        var total = 0;
        var found = 0;
        for (var i = 0; i < PlantsPerKind * PlantedPii.Kinds; i++)
        {
            var (value, placeholder) = planted.Next(i % PlantedPii.Kinds);
            var paragraph = paragraphs[i * 37 % paragraphs.Count];
            var words = paragraph.Split(' ');
            var at = 1 + i % (words.Length - 2);
            var suffix = i % 4 == 0 ? "." : string.Empty;
            var text = string.Join(' ', words.Take(at)) + " " + value + suffix + " " + string.Join(' ', words.Skip(at));
            var redacted = PiiDetector.Redact(text, Detector.Find(text));
            total++;
            if (!redacted.Contains(value, StringComparison.Ordinal) && Count(redacted, placeholder) > Count(paragraph, placeholder))
            {
                found++;
            }
            else
            {
                missed[placeholder] = missed.GetValueOrDefault(placeholder) + 1;
                var at2 = text.IndexOf(value, StringComparison.Ordinal);
                missedExamples.Add(text.Substring(Math.Max(0, at2 - 15), Math.Min(text.Length, at2 + value.Length + 15) - Math.Max(0, at2 - 15)));
            }
        }

        var recall = (double)found / total;
        output.WriteLine($"PII recall on {total} planted values: {recall:P2}; missed per type: {string.Join(", ", missed.Select(m => $"{m.Key}={m.Value}"))}");
        output.WriteLine("missed (synthetic values): " + string.Join(" | ", missedExamples.Take(5)));
        Assert.True(recall >= 0.99, $"recall {recall:P2}; missed {string.Join(", ", missed)}");
    }

    [Fact]
    public void False_positives_on_untouched_Brown_text_are_measured_and_rare()
    {
        var counts = new Dictionary<PiiType, int>();
        var samples = new List<string>();
        long chars = 0;
        foreach (var (_, text) in SharedModel.Brown)
        {
            chars += text.Length;
            foreach (var match in Detector.Find(text))
            {
                counts[match.Type] = counts.GetValueOrDefault(match.Type) + 1;
                samples.Add(text.Substring(Math.Max(0, match.Start - 10), Math.Min(text.Length, match.End + 10) - Math.Max(0, match.Start - 10)));
            }
        }

        var total = counts.Values.Sum();
        output.WriteLine($"PII false positives on the untouched Brown corpus ({SharedModel.Brown.Count} documents, {chars / 1e6:F1} M chars): {total} " +
                         $"({total / (double)SharedModel.Brown.Count:F3} per document) [{string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}]");
        output.WriteLine("examples: " + string.Join(" | ", samples.Take(8)));
        Assert.True(total <= SharedModel.Brown.Count / 50, $"{total} false positives in {SharedModel.Brown.Count} documents");
    }

    [Fact]
    public void Checksums_reject_lookalikes()
    {
        Assert.True(PiiDetector.IsValidCard("4111 1111 1111 1111"));
        Assert.False(PiiDetector.IsValidCard("4111 1111 1111 1112"));
        Assert.True(PiiDetector.IsValidIban("GB82 WEST 1234 5698 7654 32"));
        Assert.False(PiiDetector.IsValidIban("GB82 WEST 1234 5698 7654 33"));
        var text = "Order 4111 1111 1111 1112 shipped to account GB82 WEST 1234 5698 7654 33 in 1961.";
        Assert.Empty(Detector.Find(text));
    }

    [Fact]
    public void The_rule_redacts_with_typed_placeholders_and_counts_without_leaking_values()
    {
        var stage = SafetyFilterBuilder.Build(SharedModel.DefaultOptions(), SharedModel.LanguageIdentifier);
        var article = SharedModel.Brown[3].Text;
        const string email = "jane.doe@example.com";
        const string key = "AKIAIOSFODNN7EXAMPLE";
        var cut = article.IndexOf(' ', article.Length / 2);
        var text = article[..cut] + $" write to {email} with key {key} from 10.1.2.3 " + article[cut..];
        var outcome = stage.Process(new SafetyDocument("brown-pii", text, "{\"source\":\"news\"}"));
        var kept = Assert.IsType<SafetyDocument>(outcome.Kept);
        Assert.DoesNotContain(email, kept.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, kept.Text, StringComparison.Ordinal);
        Assert.Contains("<EMAIL>", kept.Text, StringComparison.Ordinal);
        Assert.Contains("<SECRET>", kept.Text, StringComparison.Ordinal);
        Assert.Contains("<IP_ADDRESS>", kept.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(email, kept.MetadataJson, StringComparison.Ordinal);
        Assert.Equal(1, stage.Statistics.Redactions["EMAIL"]);
        Assert.Equal(1, stage.Statistics.Redactions["SECRET"]);
        Assert.Equal(1, stage.Statistics.Redactions["IP_ADDRESS"]);
        Assert.Contains("\"EMAIL\":1", kept.MetadataJson, StringComparison.Ordinal);

        // A dropped document's record is redacted too: PII runs before every rule that can drop.
        var rejected = stage.Process(new SafetyDocument("short", $"Write to {email} now.")).Rejected;
        Assert.NotNull(rejected);
        Assert.DoesNotContain(email, rejected.Text + rejected.Reason + rejected.MetadataJson, StringComparison.Ordinal);
    }

    private static int Count(string text, string placeholder)
    {
        var count = 0;
        for (var at = text.IndexOf(placeholder, StringComparison.Ordinal); at >= 0; at = text.IndexOf(placeholder, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

using System.Text;
using Sluice.Dedupe;
using Sluice.Testing;

namespace Sluice.Bench.Dedupe;

/// <summary>The benchmark inputs, all from the Brown corpus.</summary>
internal static class BenchCorpus
{
    /// <summary>The corpus's 500 files as documents (about 2,000 words each).</summary>
    public static IReadOnlyList<string> Files() => BrownCorpus.Documents().Select(d => d.Text).ToList();

    public static long Utf8Bytes(IEnumerable<string> texts) => texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));

    /// <summary>
    /// Every paragraph as a document, plus, for every fourth one, a duplicate made from it (an exact copy with case
    /// changed, or a copy with one word deleted), shuffled with a fixed seed.
    /// </summary>
    public static IReadOnlyList<DedupeDocument> ParagraphsWithDuplicates()
    {
        var random = new Random(42);
        var documents = new List<DedupeDocument>();
        var index = 0;
        foreach (var paragraph in BrownCorpus.Paragraphs())
        {
            documents.Add(new DedupeDocument($"p{index:D6}", paragraph));
            if (index % 4 == 0)
            {
                var words = paragraph.Split(' ');
                var copy = index % 8 == 0
                    ? paragraph.ToUpperInvariant()
                    : string.Join(' ', words.Where((_, i) => i != random.Next(words.Length)));
                documents.Add(new DedupeDocument($"p{index:D6}-dup", copy));
            }

            index++;
        }

        return documents.OrderBy(_ => random.Next()).ToList();
    }
}

using Sluice.Dedupe.MinHash;
using Sluice.Dedupe.Normalization;

namespace Sluice.Dedupe.Boilerplate;

/// <summary>
/// Splits a document into lines or paragraphs, hashes each long-enough segment's normalized text, and rebuilds the
/// document without the segments another document showed first (keeping the original separators of what remains).
/// </summary>
internal sealed class BoilerplateSegmenter(BoilerplateOptions options, TextNormalizer normalizer)
{
    private const ulong SegmentSeed = 0x5EC7_0B01_E4B1_A7E5UL;

    /// <summary>The document's segments in order; <see cref="Segment.Hash"/> is null for segments too short to judge.</summary>
    public IReadOnlyList<Segment> Split(string text)
    {
        var segments = new List<Segment>();
        var separator = Separator;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf(separator, start, StringComparison.Ordinal);
            var stop = end < 0 ? text.Length : end;
            var content = text[start..stop];
            var normalized = normalizer.Normalize(content);
            ulong? hash = normalized.Length >= options.MinCharacters ? StableHash.Hash(normalized, SegmentSeed) : null;
            segments.Add(new Segment(start, stop - start, hash));
            if (end < 0)
            {
                break;
            }

            start = end + separator.Length;
        }

        return segments;
    }

    /// <summary>The text with the given segments removed, together with the separator that followed each.</summary>
    public static string Remove(string text, IReadOnlyList<Segment> segments, IReadOnlySet<int> removed, string separator)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < segments.Count; i++)
        {
            if (removed.Contains(i))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(separator);
            }

            builder.Append(text, segments[i].Start, segments[i].Length);
        }

        return builder.ToString();
    }

    /// <summary>The separator between segments of this unit.</summary>
    public string Separator => options.Unit == BoilerplateUnit.Line ? "\n" : "\n\n";
}

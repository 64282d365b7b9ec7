using System.Text;
using Sluice.Testing;

namespace Sluice.Dedupe.Tests;

/// <summary>
/// Builds the labelled near-duplicate set from Brown corpus paragraphs. For each original and each target level, one
/// kind of perturbation (adjacent word swaps, insertions, deletions, truncation, or a mix) is applied one edit at a time
/// for as long as the true 5-gram Jaccard stays at or above the target, so each variant sits just above its level.
/// Level 1.0 changes only punctuation and case. Unrelated pairs (two different paragraphs) are added as negatives.
/// </summary>
internal static class LabelledPairSet
{
    public static readonly double[] Levels = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5];

    private static readonly string[] Kinds = ["swap", "insert", "delete", "truncate", "mixed"];

    public static IReadOnlyList<LabelledPair> Build(int originals, int seed)
    {
        var random = new Random(seed);
        var paragraphs = BrownCorpus.Paragraphs()
            .Where(p => TrueJaccard.Words(p).Length is >= 60 and <= 400)
            .ToList();
        var step = Math.Max(1, paragraphs.Count / originals);
        var chosen = Enumerable.Range(0, originals).Select(i => paragraphs[(i * step) % paragraphs.Count]).ToList();
        var vocabulary = chosen.SelectMany(p => p.Split(' ')).Distinct().ToArray();

        var pairs = new List<LabelledPair>();
        for (var o = 0; o < chosen.Count; o++)
        {
            var original = chosen[o];
            for (var l = 0; l < Levels.Length; l++)
            {
                var level = Levels[l];
                if (level >= 1.0)
                {
                    var variant = PunctuationAndCase(original, random);
                    pairs.Add(new LabelledPair(original, variant, "punctuation+case", level, TrueJaccard.Of(original, variant)));
                    continue;
                }

                var kind = Kinds[(o + l) % Kinds.Length];
                var perturbed = Perturb(original, kind, level, vocabulary, random);
                pairs.Add(new LabelledPair(original, perturbed, kind, level, TrueJaccard.Of(original, perturbed)));
            }

            var unrelated = chosen[(o + 1 + random.Next(chosen.Count - 1)) % chosen.Count];
            pairs.Add(new LabelledPair(original, unrelated, "unrelated", 0, TrueJaccard.Of(original, unrelated)));
        }

        return pairs;
    }

    private static string Perturb(string original, string kind, double level, string[] vocabulary, Random random)
    {
        var perturbed = Edit(original, kind, level, vocabulary, random);

        // In a short paragraph one swap, insertion or deletion can change more shingles than the level allows; then the
        // finer-grained truncation (one shingle per word) makes the variant.
        // An edit can also leave the shingles as they were (swapping two equal words, dropping a lone dash).
        return TrueJaccard.Of(original, perturbed) >= 1.0 ? Edit(original, "truncate", level, vocabulary, random) : perturbed;
    }

    private static string Edit(string original, string kind, double level, string[] vocabulary, Random random)
    {
        var originalShingles = TrueJaccard.Shingles(TrueJaccard.Words(original));
        var words = original.Split(' ').ToList();
        var accepted = string.Join(' ', words);
        for (var edit = 0; edit < 10_000 && words.Count > 6; edit++)
        {
            var candidate = new List<string>(words);
            var action = kind == "mixed" ? Kinds[random.Next(3)] : kind;
            switch (action)
            {
                case "swap":
                    var at = random.Next(candidate.Count - 1);
                    (candidate[at], candidate[at + 1]) = (candidate[at + 1], candidate[at]);
                    break;
                case "insert":
                    candidate.Insert(random.Next(candidate.Count + 1), vocabulary[random.Next(vocabulary.Length)]);
                    break;
                case "delete":
                    candidate.RemoveAt(random.Next(candidate.Count));
                    break;
                default:
                    candidate.RemoveAt(candidate.Count - 1);
                    break;
            }

            var text = string.Join(' ', candidate);
            var shingles = TrueJaccard.Shingles(TrueJaccard.Words(text));
            var common = shingles.Count(originalShingles.Contains);
            var jaccard = (double)common / (shingles.Count + originalShingles.Count - common);
            if (jaccard < level)
            {
                break;
            }


            words = candidate;
            accepted = text;
        }

        return accepted;
    }

    private static string PunctuationAndCase(string original, Random random)
    {
        var builder = new StringBuilder(original.Length + 16);
        foreach (var word in original.Split(' '))
        {
            if (builder.Length > 0)
            {
                builder.Append(random.Next(10) == 0 ? "  " : " ");
            }

            var changed = random.Next(4) switch
            {
                0 => word.ToUpperInvariant(),
                1 => word.ToLowerInvariant(),
                _ => word,
            };
            builder.Append(changed);
            if (random.Next(12) == 0)
            {
                builder.Append(random.Next(2) == 0 ? "," : ";");
            }
        }

        return builder.ToString();
    }
}

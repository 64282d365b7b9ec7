namespace Sluice.Dedupe.Tests;

/// <summary>
/// Exact Jaccard similarity of word 5-gram sets, computed from strings independently of the stage's hashing:
/// the ground truth the labelled set is scored against.
/// </summary>
internal static class TrueJaccard
{
    public static string[] Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsDigit(c) ? '0' : c).Where(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c)).ToArray())
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static HashSet<string> Shingles(string[] words, int size = 5)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (words.Length == 0)
        {
            return set;
        }

        var width = Math.Min(size, words.Length);
        for (var i = 0; i + width <= words.Length; i++)
        {
            set.Add(string.Join(' ', words, i, width));
        }

        return set;
    }

    public static double Of(string a, string b)
    {
        var x = Shingles(Words(a));
        var y = Shingles(Words(b));
        var common = x.Count(y.Contains);
        var union = x.Count + y.Count - common;
        return union == 0 ? 1.0 : (double)common / union;
    }
}

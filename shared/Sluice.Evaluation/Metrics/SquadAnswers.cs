using System.Text;
using System.Text.RegularExpressions;
using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// Exact match and token F1 with the definitions of the official SQuAD v1.1 evaluation script
/// (Rajpurkar et al. 2016, <c>evaluate-v1.1.py</c>): answers are normalized (lower-case, ASCII punctuation removed,
/// the articles a/an/the removed as whole words, whitespace collapsed); exact match is equality of the normalized
/// strings; F1 is the harmonic mean of token precision and recall over the multiset of shared normalized tokens
/// (0 when none is shared); a prediction's score is its best over the gold answers. Scores here are 0–1 (the script
/// reports the corpus mean times 100).
/// </summary>
public static partial class SquadAnswers
{
    /// <summary>Python's <c>string.punctuation</c>: the 32 ASCII punctuation characters.</summary>
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>The script's <c>normalize_answer</c>: lower, remove punctuation, remove articles, fix whitespace (in that order).</summary>
    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var lowered = PythonText.Lower(answer);
        var withoutPunctuation = new StringBuilder(lowered.Length);
        foreach (var c in lowered)
        {
            if (!AsciiPunctuation.Contains(c, StringComparison.Ordinal))
            {
                withoutPunctuation.Append(c);
            }
        }

        var withoutArticles = Articles().Replace(withoutPunctuation.ToString(), " ");
        return string.Join(' ', PythonText.SplitOnWhitespace(withoutArticles));
    }

    /// <summary>1 when the normalized prediction equals some normalized gold answer, else 0.</summary>
    public static double ExactMatch(string prediction, IReadOnlyList<string> goldAnswers)
    {
        var golds = CheckGolds(prediction, goldAnswers);
        var normalized = Normalize(prediction);
        return golds.Any(g => string.Equals(Normalize(g), normalized, StringComparison.Ordinal)) ? 1.0 : 0.0;
    }

    /// <summary>The best token F1 of the prediction over the gold answers.</summary>
    public static double F1(string prediction, IReadOnlyList<string> goldAnswers)
    {
        var golds = CheckGolds(prediction, goldAnswers);
        var predictionTokens = PythonText.SplitOnWhitespace(Normalize(prediction));
        return golds.Max(g => TokenF1(predictionTokens, PythonText.SplitOnWhitespace(Normalize(g))));
    }

    private static double TokenF1(List<string> prediction, List<string> gold)
    {
        var goldCounts = gold.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var shared = 0;
        foreach (var token in prediction)
        {
            if (goldCounts.TryGetValue(token, out var left) && left > 0)
            {
                goldCounts[token] = left - 1;
                shared++;
            }
        }

        if (shared == 0)
        {
            return 0;
        }

        var precision = (double)shared / prediction.Count;
        var recall = (double)shared / gold.Count;
        return 2 * precision * recall / (precision + recall);
    }

    private static IReadOnlyList<string> CheckGolds(string prediction, IReadOnlyList<string> goldAnswers)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(goldAnswers);
        if (goldAnswers.Count == 0)
        {
            throw new ArgumentException("At least one gold answer is needed.", nameof(goldAnswers));
        }

        return goldAnswers;
    }

    // The script's re.sub(r'\b(a|an|the)\b', ' ', text); .NET's \b is Unicode-aware like Python 3's.
    [GeneratedRegex(@"\b(a|an|the)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Articles();
}

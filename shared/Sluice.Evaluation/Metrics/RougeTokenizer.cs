using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// The tokenizer of Google's rouge-score package (<c>rouge_score/tokenize.py</c>, default tokenizer, no stemmer):
/// lower-case (Python's <c>str.lower()</c>), replace every character outside <c>[a-z0-9]</c> with a space, split on
/// whitespace and keep the non-empty tokens. Letters outside ASCII are therefore dropped, as they are there.
/// The Porter stemmer option (<c>use_stemmer=True</c>) is not offered: its default is off, and scores here
/// match rouge-score's defaults.
/// </summary>
public static class RougeTokenizer
{
    /// <summary>The tokens rouge-score scores for a text.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = PythonText.Lower(text);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= lowered.Length; i++)
        {
            var keep = i < lowered.Length && lowered[i] is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (keep && start < 0)
            {
                start = i;
            }
            else if (!keep && start >= 0)
            {
                tokens.Add(lowered[start..i]);
                start = -1;
            }
        }

        return tokens;
    }
}

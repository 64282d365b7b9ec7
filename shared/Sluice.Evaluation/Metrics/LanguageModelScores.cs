using System.Text;
using Sluice.Evaluation.Text;

namespace Sluice.Evaluation.Metrics;

/// <summary>
/// Held-out language-model scores of one text (or a set of texts, added up) from the model's total negative
/// log-likelihood, with the definitions of EleutherAI's lm-evaluation-harness for its perplexity
/// (<c>loglikelihood_rolling</c>) tasks: <c>word_perplexity = exp(NLL / words)</c>,
/// <c>byte_perplexity = exp(NLL / bytes)</c> and <c>bits_per_byte = NLL / (bytes · ln 2)</c>, where words are
/// counted as <c>len(re.split(r"\s+", doc))</c> and bytes as <c>len(doc.encode("utf-8"))</c>
/// (lm-evaluation-harness, <c>lm_eval/api/task.py</c>: <c>count_words</c>, <c>count_bytes</c>,
/// <c>process_results</c>; <c>lm_eval/api/metrics.py</c>: <c>weighted_perplexity</c>, <c>bits_per_byte</c>).
/// Bits per byte is the primary metric: it does not depend on the tokenizer, so models with different
/// vocabularies compare on it. Loss and token perplexity are per token and compare only under one tokenizer.
/// </summary>
/// <param name="TotalNll">The summed negative log-likelihood in nats over every scored token.</param>
/// <param name="Tokens">The number of scored tokens.</param>
/// <param name="Words">Words as lm-evaluation-harness counts them, or null where the text was not given.</param>
/// <param name="Bytes">The UTF-8 bytes of the text.</param>
public sealed record LanguageModelScores(double TotalNll, long Tokens, long? Words, long Bytes)
{
    /// <summary>Mean negative log-likelihood per token in nats (the training loss's unit).</summary>
    public double Loss => TotalNll / Tokens;

    /// <summary>exp(loss): perplexity per token.</summary>
    public double TokenPerplexity => Math.Exp(Loss);

    /// <summary>exp(total NLL / words), lm-evaluation-harness's <c>word_perplexity</c>; null without a word count.</summary>
    public double? WordPerplexity => Words is { } words ? Math.Exp(TotalNll / words) : null;

    /// <summary>exp(total NLL / bytes), lm-evaluation-harness's <c>byte_perplexity</c>.</summary>
    public double BytePerplexity => Math.Exp(TotalNll / Bytes);

    /// <summary>Total NLL / (bytes · ln 2), lm-evaluation-harness's <c>bits_per_byte</c>: the primary metric, lower is better.</summary>
    public double BitsPerByte => TotalNll / (Bytes * Math.Log(2));

    /// <summary>Scores of one text from the model's total NLL over its tokens; words and bytes are counted from the text.</summary>
    /// <param name="totalNll">Summed negative log-likelihood in nats over the text's tokens (the first token's too, as a rolling log-likelihood scores it).</param>
    /// <param name="tokens">How many tokens the NLL covers; at least 1.</param>
    /// <param name="text">The scored text.</param>
    public static LanguageModelScores FromText(double totalNll, long tokens, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromCounts(totalNll, tokens, CountWords(text), CountBytes(text));
    }

    /// <summary>Scores of several texts together, as lm-evaluation-harness aggregates a task: NLL, words and bytes are summed first.</summary>
    /// <param name="texts">Each text with its total NLL in nats and its token count.</param>
    public static LanguageModelScores FromTexts(IEnumerable<(string Text, double TotalNll, long Tokens)> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        double nll = 0;
        long tokens = 0, words = 0, bytes = 0;
        foreach (var (text, textNll, textTokens) in texts)
        {
            ArgumentNullException.ThrowIfNull(text);
            nll += textNll;
            tokens += textTokens;
            words += CountWords(text);
            bytes += CountBytes(text);
        }

        return FromCounts(nll, tokens, words, bytes);
    }

    /// <summary>Scores from counts already known (words may be unknown: pass null).</summary>
    /// <param name="totalNll">Summed negative log-likelihood in nats; finite and not negative.</param>
    /// <param name="tokens">Scored tokens; at least 1.</param>
    /// <param name="words">Words as <see cref="CountWords"/> counts them, or null.</param>
    /// <param name="bytes">UTF-8 bytes of the text; at least 1.</param>
    public static LanguageModelScores FromCounts(double totalNll, long tokens, long? words, long bytes)
    {
        if (!double.IsFinite(totalNll) || totalNll < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalNll), totalNll, "A total negative log-likelihood is finite and not negative.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        if (words is { } w)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(w, 1, nameof(words));
        }

        return new LanguageModelScores(totalNll, tokens, words, bytes);
    }

    /// <summary>
    /// Words as lm-evaluation-harness counts them for word perplexity: <c>len(re.split(r"\s+", text))</c>, which is
    /// one more than the number of whitespace runs (Python's whitespace), so leading or trailing whitespace adds one.
    /// </summary>
    public static long CountWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PythonText.CountRegexWhitespaceSplit(text);
    }

    /// <summary>The text's length in UTF-8 bytes.</summary>
    public static long CountBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetByteCount(text);
    }
}

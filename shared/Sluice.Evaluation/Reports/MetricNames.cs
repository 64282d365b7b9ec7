namespace Sluice.Evaluation.Reports;

/// <summary>
/// The metric names reports use. Held-out and generation metrics have plain names; an evaluation set's metrics are
/// named <c>&lt;set name&gt;/&lt;metric&gt;</c>, e.g. <c>capitals/f1</c>.
/// </summary>
public static class MetricNames
{
    /// <summary>Bits per byte on the validation text: the primary metric and the gate's.</summary>
    public const string BitsPerByte = "bits_per_byte";

    /// <summary>Mean NLL per validation token (nats).</summary>
    public const string Loss = "loss";

    /// <summary>exp(loss).</summary>
    public const string TokenPerplexity = "token_perplexity";

    /// <summary>lm-evaluation-harness's word perplexity.</summary>
    public const string WordPerplexity = "word_perplexity";

    /// <summary>lm-evaluation-harness's byte perplexity.</summary>
    public const string BytePerplexity = "byte_perplexity";

    /// <summary>distinct-1 of the sample generations.</summary>
    public const string Distinct1 = "distinct_1";

    /// <summary>distinct-2 of the sample generations.</summary>
    public const string Distinct2 = "distinct_2";

    /// <summary>distinct-3 of the sample generations.</summary>
    public const string Distinct3 = "distinct_3";

    /// <summary>Self-BLEU of the sample generations.</summary>
    public const string SelfBleu = "self_bleu";

    /// <summary>Mean seq-rep-n of the sample generations.</summary>
    public const string RepetitionRate = "repetition_rate";

    /// <summary>An evaluation set's metric name: <c>&lt;set&gt;/&lt;metric&gt;</c>.</summary>
    public static string ForSet(string setName, string metric) => $"{setName}/{metric}";
}

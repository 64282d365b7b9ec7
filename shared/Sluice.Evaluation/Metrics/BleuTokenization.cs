namespace Sluice.Evaluation.Metrics;

/// <summary>How BLEU splits a segment into words (sacreBLEU's <c>tokenize</c> option).</summary>
public enum BleuTokenization
{
    /// <summary>sacreBLEU's default <c>13a</c>: the tokenization of WMT's mteval-v13a.pl (<see cref="Mteval13aTokenizer"/>).</summary>
    Mteval13a,

    /// <summary>sacreBLEU's <c>none</c>: the text is split on whitespace as it is.</summary>
    None,
}

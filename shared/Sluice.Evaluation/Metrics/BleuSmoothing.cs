namespace Sluice.Evaluation.Metrics;

/// <summary>
/// sacreBLEU's smoothing methods for n-gram orders with no match (Chen and Cherry 2014, "A Systematic Comparison of
/// Smoothing Techniques for Sentence-Level BLEU", as sacreBLEU's <c>BLEU.compute_bleu</c> applies them).
/// </summary>
public enum BleuSmoothing
{
    /// <summary>No smoothing: an order with no match makes BLEU 0.</summary>
    None,

    /// <summary>Chen and Cherry's method 1: an order with no match gets precision <c>value / total</c> (default value 0.1).</summary>
    Floor,

    /// <summary>Chen and Cherry's method 2: <c>value</c> is added to matches and totals of orders 2 and up (default value 1).</summary>
    AddK,

    /// <summary>
    /// sacreBLEU's default, Chen and Cherry's method 3 (NIST's, as in mteval-v13a.pl): the k-th order with no match
    /// gets precision <c>1 / (2^k · total)</c>.
    /// </summary>
    Exp,
}

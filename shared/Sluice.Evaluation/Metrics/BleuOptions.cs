namespace Sluice.Evaluation.Metrics;

/// <summary>The settings of a BLEU computation; the defaults are sacreBLEU's <c>BLEU()</c> defaults.</summary>
public sealed record BleuOptions
{
    /// <summary>sacreBLEU's corpus BLEU defaults: 13a, mixed case, exp smoothing, order 4, no effective order.</summary>
    public static BleuOptions Corpus { get; } = new();

    /// <summary>
    /// sacreBLEU's <c>sentence_bleu</c> defaults: as <see cref="Corpus"/> with <see cref="EffectiveOrder"/> on, so a
    /// short segment is not zeroed by the orders it is too short to have.
    /// </summary>
    public static BleuOptions Sentence { get; } = new() { EffectiveOrder = true };

    /// <summary>How segments are split into words. Default <see cref="BleuTokenization.Mteval13a"/>.</summary>
    public BleuTokenization Tokenization { get; init; } = BleuTokenization.Mteval13a;

    /// <summary>Lower-case hypotheses and references first (sacreBLEU's <c>lowercase</c>). Default false.</summary>
    public bool Lowercase { get; init; }

    /// <summary>The smoothing method. Default <see cref="BleuSmoothing.Exp"/>.</summary>
    public BleuSmoothing Smoothing { get; init; } = BleuSmoothing.Exp;

    /// <summary>
    /// The value for <see cref="BleuSmoothing.Floor"/> and <see cref="BleuSmoothing.AddK"/>; null (the default) takes
    /// sacreBLEU's: 0.1 for floor, 1 for add-k. Unused by the other methods.
    /// </summary>
    public double? SmoothValue { get; init; }

    /// <summary>The highest n-gram order. Default 4.</summary>
    public int MaxOrder { get; init; } = 4;

    /// <summary>
    /// sacreBLEU's <c>effective_order</c>: average only over the orders the hypotheses have n-grams of. Default false
    /// (true in <see cref="Sentence"/>).
    /// </summary>
    public bool EffectiveOrder { get; init; }
}

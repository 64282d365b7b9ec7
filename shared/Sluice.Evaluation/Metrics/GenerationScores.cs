namespace Sluice.Evaluation.Metrics;

/// <summary>Diversity and repetition of a set of generated texts (see <see cref="GenerationMetrics"/> for the definitions).</summary>
/// <param name="Distinct1">Unique unigrams over all unigrams, across every generation (Li et al. 2016), 0–1; higher is more diverse.</param>
/// <param name="Distinct2">The same for bigrams.</param>
/// <param name="Distinct3">The same for trigrams.</param>
/// <param name="SelfBleu">Mean sentence BLEU (0–100) of each generation against all the others (Zhu et al. 2018); lower is more diverse; null with fewer than two generations.</param>
/// <param name="RepetitionRate">Mean seq-rep-n within a generation (Welleck et al. 2019), 0–1; lower repeats less.</param>
/// <param name="RepetitionOrder">The n of <paramref name="RepetitionRate"/>.</param>
/// <param name="Generations">How many generations were scored.</param>
public sealed record GenerationScores(
    double Distinct1,
    double Distinct2,
    double Distinct3,
    double? SelfBleu,
    double RepetitionRate,
    int RepetitionOrder,
    int Generations);

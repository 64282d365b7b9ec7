using Sluice.Evaluation.Metrics;
using Sluice.Evaluation.Reports;

namespace Sluice.Evaluator.Scoring;

/// <summary>What <see cref="CheckpointScorer"/> measured on one checkpoint: the report's metrics and what they came from.</summary>
public sealed record CheckpointScores
{
    /// <summary>The model's held-out scores on the validation text.</summary>
    public required LanguageModelScores Model { get; init; }

    /// <summary>The unigram baseline's scores on the same text, fitted on the training tokens.</summary>
    public required LanguageModelScores Baseline { get; init; }

    /// <summary>Diversity and repetition of the sample generations.</summary>
    public required GenerationScores Generation { get; init; }

    /// <summary>The sample generations, prompt by prompt.</summary>
    public required IReadOnlyList<GenerationSample> Samples { get; init; }

    /// <summary>Generation latency.</summary>
    public required LatencyScore Latency { get; init; }

    /// <summary>The extractable-memorization probe.</summary>
    public required MemorizationScore Memorization { get; init; }

    /// <summary>Every metric, named as the report names them (the model's, generation, latency, memorization, each usable set's).</summary>
    public required IReadOnlyList<ReportMetric> Metrics { get; init; }

    /// <summary>Every evaluation set given, scored or refused with its problems.</summary>
    public required IReadOnlyList<EvalSetSummary> EvalSets { get; init; }
}

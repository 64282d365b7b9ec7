using Sluice.Evaluation.Gate;
using Sluice.Evaluation.Metrics;

namespace Sluice.Evaluation.Reports;

/// <summary>Everything a checkpoint's report shows; plain data the evaluator service gathers.</summary>
public sealed record EvaluationReportInput
{
    /// <summary>The model line's name (the <c>&lt;model&gt;</c> of <c>evals/&lt;model&gt;/&lt;run&gt;/&lt;step&gt;/</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The training run's id.</summary>
    public required string Run { get; init; }

    /// <summary>The checkpoint's training step.</summary>
    public required long Step { get; init; }

    /// <summary>When the evaluation ran; written as given, so the same input makes the same report.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Every metric of this checkpoint; must include <see cref="MetricNames.BitsPerByte"/>.</summary>
    public required IReadOnlyList<ReportMetric> Metrics { get; init; }

    /// <summary>The unigram baseline's scores on the same validation text.</summary>
    public required LanguageModelScores Baseline { get; init; }

    /// <summary>The gate's decision for this checkpoint.</summary>
    public required GateDecision Gate { get; init; }

    /// <summary>The line's current best before this checkpoint, or null for its first; deltas are against it.</summary>
    public CheckpointMetrics? CurrentBest { get; init; }

    /// <summary>Earlier evaluated checkpoints of the line, for the metric charts. Default none.</summary>
    public IReadOnlyList<CheckpointMetrics> History { get; init; } = [];

    /// <summary>The run's training curve up to this checkpoint, for the loss chart. Default none (no loss chart).</summary>
    public IReadOnlyList<LossPoint> LossCurve { get; init; } = [];

    /// <summary>Sample generations to show. Default none.</summary>
    public IReadOnlyList<GenerationSample> Samples { get; init; } = [];

    /// <summary>The evaluation sets found, used or refused. Default none.</summary>
    public IReadOnlyList<EvalSetSummary> EvalSets { get; init; } = [];
}

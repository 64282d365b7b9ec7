namespace Sluice.Evaluator.Worker;

/// <summary>One checkpoint's losses as the trainer announced them (<c>state/evaluator/&lt;model&gt;/losses/</c>), for the report's loss chart.</summary>
public sealed record LossRecord(string RunId, long Step, double? TrainLoss, double? ValidationLoss);

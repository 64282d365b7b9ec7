namespace Sluice.Evaluator.Worker;

/// <summary>A checkpoint, dataset or tokenizer the evaluator cannot score, with the reason; no retry can heal it.</summary>
public sealed class EvaluationInputException(string message) : Exception(message);

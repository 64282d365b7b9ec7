namespace Sluice.Tokenize.Worker;

/// <summary>The payload of a tokenizer-training job: the policy to train (every replica that runs it must be configured with the same one).</summary>
/// <param name="PolicyHash">SHA-256 of the training policy.</param>
internal sealed record TokenizerTrainingRequest(string PolicyHash);

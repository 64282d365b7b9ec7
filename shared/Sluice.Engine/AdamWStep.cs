namespace Sluice.Engine;

/// <summary>The hyper-parameters of one AdamW update (decoupled weight decay, applied to matrices only).</summary>
/// <param name="LearningRate">Learning rate of this step (the schedule's value).</param>
/// <param name="Beta1">First-moment decay, GPT-2/nanoGPT use 0.9.</param>
/// <param name="Beta2">Second-moment decay, GPT-2/nanoGPT use 0.95.</param>
/// <param name="Epsilon">Denominator guard, typically 1e-8.</param>
/// <param name="WeightDecay">Decoupled weight decay on weight matrices and embeddings; biases and layer norms get none.</param>
/// <param name="MaxGradNorm">Global gradient-norm clip; zero or less disables clipping.</param>
public readonly record struct AdamWStep(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, double MaxGradNorm);

namespace Sluice.Tokenizer.Tests;

/// <summary>What scripts/peers/hf-train.mjs reports: training time, vocabulary size and merges (byte-level strings).</summary>
internal sealed record HuggingFaceTraining(double Seconds, int VocabSize, string[][] Merges);

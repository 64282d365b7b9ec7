namespace Sluice.Evaluation.Reports;

/// <summary>A sample generation shown in the report.</summary>
/// <param name="Prompt">The prompt the model continued.</param>
/// <param name="Generation">What it generated (without the prompt).</param>
public sealed record GenerationSample(string Prompt, string Generation);

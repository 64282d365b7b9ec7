namespace Sluice.Training.Worker;

/// <summary>The payload of a model line's training job.</summary>
/// <param name="Model">The model line.</param>
internal sealed record TrainingLineRequest(string Model);

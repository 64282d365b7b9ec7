namespace Sluice.Evaluator.Scoring;

/// <summary>What a checkpoint's evaluation measures and how much of it (docs/evaluator.md).</summary>
public sealed record ScoringOptions
{
    /// <summary>The prompts whose sampled continuations the report shows and the generation metrics score.</summary>
    public IReadOnlyList<string> Prompts { get; init; } =
    [
        "The city council",
        "In the morning, the",
        "She looked at the letter and",
        "The president said that",
        "According to the report,",
        "He had never",
    ];

    /// <summary>Tokens sampled per prompt. Default 48.</summary>
    public int GenerationTokens { get; init; } = 48;

    /// <summary>Sampling temperature of the generations. Default 0.8.</summary>
    public double Temperature { get; init; } = 0.8;

    /// <summary>Top-k of the generations. Default 40.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Seed of the generations (prompt i uses seed + i) and of the memorization sample. Default 1234.</summary>
    public ulong Seed { get; init; } = 1234;

    /// <summary>Validation tokens scored at most (whole documents first). Default 262,144.</summary>
    public long MaxValidationTokens { get; init; } = 262_144;

    /// <summary>Training sequences sampled for the extractable-memorization rate. Default 64; 0 skips it.</summary>
    public int MemorizationSamples { get; init; } = 64;

    /// <summary>Prefix length k of the memorization probe. Default 32 (Pythia's).</summary>
    public int MemorizationPrefix { get; init; } = 32;

    /// <summary>Suffix length m that greedy decoding must reproduce exactly. Default 32 (Pythia's).</summary>
    public int MemorizationSuffix { get; init; } = 32;

    /// <summary>Tokens generated greedily for a reference-task or question-answering item. Default 32.</summary>
    public int AnswerTokens { get; init; } = 32;

    /// <summary>Every problem with these options.</summary>
    public IEnumerable<string> FindProblems()
    {
        if (GenerationTokens is < 1 or > 4096)
        {
            yield return $"GenerationTokens {GenerationTokens} is not between 1 and 4096";
        }

        if (Temperature is <= 0 or > 10 || double.IsNaN(Temperature))
        {
            yield return $"Temperature {Temperature} is not above 0 and at most 10";
        }

        if (TopK < 0)
        {
            yield return $"TopK {TopK} is negative";
        }

        if (MaxValidationTokens < 1)
        {
            yield return $"MaxValidationTokens {MaxValidationTokens} is not positive";
        }

        if (MemorizationSamples < 0 || MemorizationPrefix < 1 || MemorizationSuffix < 1)
        {
            yield return $"memorization needs a non-negative sample count and positive prefix and suffix lengths (got {MemorizationSamples}, {MemorizationPrefix}, {MemorizationSuffix})";
        }

        if (AnswerTokens is < 1 or > 1024)
        {
            yield return $"AnswerTokens {AnswerTokens} is not between 1 and 1024";
        }

        if (Prompts.Any(string.IsNullOrWhiteSpace))
        {
            yield return "a prompt is empty";
        }
    }
}

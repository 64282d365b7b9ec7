namespace Sluice.Engine;

/// <summary>How <see cref="GptModel.Generate"/> picks each next token.</summary>
public sealed record SamplingOptions
{
    /// <summary>Softmax temperature; zero or less picks the most likely token (greedy). Default 1.0.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens; zero disables the filter. Default 0.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of tokens whose probability mass reaches p, in (0, 1]; 1 disables the filter. Default 1.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Seed of the sampling generator: the same seed, model and prompt give the same text. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>A token that ends generation when drawn (normally <c>&lt;|endoftext|&gt;</c>); null generates up to the limit. Default null.</summary>
    public int? StopToken { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (TopK < 0)
        {
            throw new ArgumentException($"Sampling TopK must not be negative; got {TopK}", nameof(TopK));
        }

        if (TopP is <= 0 or > 1)
        {
            throw new ArgumentException($"Sampling TopP must be in (0, 1]; got {TopP}", nameof(TopP));
        }
    }
}

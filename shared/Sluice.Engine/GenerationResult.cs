namespace Sluice.Engine;

/// <summary>What <see cref="GptModel.Generate"/> produced and how fast.</summary>
/// <param name="Tokens">The prompt followed by the generated tokens (the stop token included when it was drawn).</param>
/// <param name="PromptLength">Tokens of the prompt at the start of <paramref name="Tokens"/>.</param>
/// <param name="TimeToFirstToken">From the call to the first generated token (the prompt's forward pass and one draw).</param>
/// <param name="TokensPerSecond">Generated tokens per second over the whole call.</param>
/// <param name="StoppedAtStopToken">Whether generation ended on <see cref="SamplingOptions.StopToken"/> rather than the token limit.</param>
public sealed record GenerationResult(int[] Tokens, int PromptLength, TimeSpan TimeToFirstToken, double TokensPerSecond, bool StoppedAtStopToken)
{
    /// <summary>The generated tokens only.</summary>
    public ReadOnlySpan<int> NewTokens => Tokens.AsSpan(PromptLength);
}

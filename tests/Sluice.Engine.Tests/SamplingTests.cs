using Sluice.Engine;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class SamplingTests
{
    private static readonly int[] Prompt = [5, 17, 42];

    [Fact]
    public void The_same_seed_gives_the_same_tokens_and_another_seed_other_tokens()
    {
        using var model = GptModel.Create(TinyModels.Config());
        var options = new SamplingOptions { Temperature = 1.0, TopK = 50, TopP = 0.95, Seed = 11 };
        var first = model.Generate(Prompt, 40, options).Tokens;
        var second = model.Generate(Prompt, 40, options).Tokens;
        var other = model.Generate(Prompt, 40, options with { Seed = 12 }).Tokens;
        Assert.Equal(43, first.Length);
        Assert.Equal(Prompt, first[..3]);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Top_k_of_one_and_zero_temperature_are_both_greedy()
    {
        using var model = GptModel.Create(TinyModels.Config());
        var greedy = model.Generate(Prompt, 10, new SamplingOptions { Temperature = 0 }).Tokens;
        var topOne = model.Generate(Prompt, 10, new SamplingOptions { TopK = 1, Seed = 3 }).Tokens;
        Assert.Equal(greedy, topOne);

        var logits = model.Logits(Prompt, 1, Prompt.Length);
        var last = logits.AsSpan((Prompt.Length - 1) * 97, 97).ToArray();
        Assert.Equal(Array.IndexOf(last, last.Max()), greedy[3]);
    }

    [Fact]
    public void Generation_continues_past_the_context_with_a_sliding_window()
    {
        using var model = GptModel.Create(TinyModels.Config());
        var tokens = model.Generate(Prompt, 50, new SamplingOptions { Seed = 1 }).Tokens;
        Assert.Equal(53, tokens.Length);
        Assert.All(tokens, t => Assert.InRange(t, 0, 96));
    }

    [Fact]
    public void Greedy_generation_with_the_key_value_cache_equals_recomputing_the_whole_window()
    {
        using var model = GptModel.Create(TinyModels.Config(seed: 21));
        var cached = model.Generate(Prompt, 45, new SamplingOptions { Temperature = 0 }).Tokens;

        // Without a cache: the whole window (at most the context, 32) through the model for every token.
        var tokens = Prompt.ToList();
        for (var i = 0; i < 45; i++)
        {
            var window = tokens.Skip(Math.Max(0, tokens.Count - 32)).ToArray();
            var logits = model.Logits(window, 1, window.Length).AsSpan((window.Length - 1) * 97, 97).ToArray();
            tokens.Add(Array.IndexOf(logits, logits.Max()));
        }

        Assert.Equal(tokens, cached);
    }

    [Fact]
    public void Generation_stops_at_the_stop_token_and_reports_its_speed()
    {
        using var model = GptModel.Create(TinyModels.Config());
        var free = model.Generate(Prompt, 30, new SamplingOptions { Seed = 5 });
        Assert.False(free.StoppedAtStopToken);
        Assert.True(free.TimeToFirstToken > TimeSpan.Zero && free.TokensPerSecond > 0);
        Assert.Equal(30, free.NewTokens.Length);

        // The third generated token becomes the stop token: the same draws stop right after it.
        var stop = free.NewTokens[2];
        var firstStop = free.NewTokens.IndexOf(stop);
        var stopped = model.Generate(Prompt, 30, new SamplingOptions { Seed = 5, StopToken = stop });
        Assert.True(stopped.StoppedAtStopToken);
        Assert.Equal(free.Tokens[..(Prompt.Length + firstStop + 1)], stopped.Tokens);
    }

    [Fact]
    public void Invalid_sampling_options_are_rejected()
    {
        using var model = GptModel.Create(TinyModels.Config());
        Assert.Throws<ArgumentException>(() => model.Generate(Prompt, 5, new SamplingOptions { TopP = 0 }));
        Assert.Throws<ArgumentException>(() => model.Generate([], 5, new SamplingOptions()));
    }
}

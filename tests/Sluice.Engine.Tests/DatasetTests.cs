using Sluice.Engine.Training;
using Sluice.Testing;
using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Tests;

[Collection(EngineCollection.Name)]
public sealed class DatasetTests : IDisposable
{
    private readonly string folder = RepoLayout.NewTempFolder("engine-dataset");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_dataset_opens_from_an_explicit_list_of_shard_files()
    {
        var a = WriteShard("a.bin", token: 1, count: 3000);
        var b = WriteShard("b.bin", token: 2, count: 1000);
        var validation = WriteShard("v.bin", token: 3, count: 500, TokenSplit.Validation);
        WriteShard("unlisted.bin", token: 4, count: 1000);
        using var data = TokenDataset.Open([a, b, validation]);
        Assert.Equal([a, b], data.Train.Select(s => s.Path));
        Assert.Equal(validation, Assert.Single(data.Validation).Path);
        Assert.Single(data.Groups);

        // Without weights every position is equally likely: three quarters of the windows come from a.bin.
        Assert.InRange(Share(data, token: 1), 0.72, 0.78);
        Assert.Throws<FileNotFoundException>(() => TokenDataset.Open([a, Path.Combine(folder, "missing.bin")]));
    }

    [Fact]
    public void Weighted_groups_are_sampled_in_their_proportion_whatever_their_size()
    {
        var old = WriteShard("old.bin", token: 1, count: 9000);
        var fresh = WriteShard("new.bin", token: 2, count: 1000);
        using var weighted = TokenDataset.Open([new TokenShardGroup("old", [old], 0.3), new TokenShardGroup("new", [fresh], 0.7)]);
        Assert.InRange(Share(weighted, token: 2), 0.67, 0.73);

        using var proportional = TokenDataset.Open([new TokenShardGroup("old", [old]), new TokenShardGroup("new", [fresh])]);
        Assert.InRange(Share(proportional, token: 2), 0.08, 0.12);

        var mixed = Assert.Throws<ArgumentException>(() => TokenDataset.Open([new TokenShardGroup("old", [old], 1), new TokenShardGroup("new", [fresh])]));
        Assert.Contains("all groups or on none", mixed.Message);
    }

    [Fact]
    public void The_sampler_state_is_one_word_that_resumes_the_exact_sequence_of_windows()
    {
        var old = WriteShard("old.bin", token: 1, count: 5000, varied: true);
        var fresh = WriteShard("new.bin", token: 2, count: 800, varied: true);
        using var data = TokenDataset.Open([new TokenShardGroup("old", [old], 1), new TokenShardGroup("new", [fresh], 1)]);
        var sampler = new BatchSampler(data.Groups, 17, 42);
        var first = new int[17 * 8];
        sampler.Fill(first);
        var saved = sampler.State;
        var next = new int[17 * 8];
        sampler.Fill(next);

        var resumed = new BatchSampler(data.Groups, 17, saved);
        var again = new int[17 * 8];
        resumed.Fill(again);
        Assert.Equal(next, again);
        Assert.NotEqual(first, next);
    }

    private static double Share(TokenDataset data, int token)
    {
        var sampler = new BatchSampler(data.Groups, 8, 7);
        var windows = new int[8 * 4000];
        sampler.Fill(windows);
        return windows.Chunk(8).Count(w => w[0] == token) / 4000.0;
    }

    private string WriteShard(string name, int token, int count, TokenSplit split = TokenSplit.Train, bool varied = false)
    {
        var path = Path.Combine(folder, name);
        using var writer = new TokenShardWriter(path, new TokenShardWriterOptions { TokenizerId = BrownTokenShards.TokenizerId, VocabularySize = 257, EndOfTextToken = 256, Split = split });
        writer.AddDocument(name, Enumerable.Range(0, count).Select(i => varied ? (token * 50) + (i % 50) : token).ToArray());
        writer.Complete();
        return path;
    }
}

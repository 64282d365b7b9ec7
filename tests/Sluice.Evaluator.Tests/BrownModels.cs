using Sluice.Engine;
using Sluice.Testing;
using Sluice.Tokenizer;
using Sluice.Tokenizer.Shards;
using Sluice.Tokenizer.Training;

namespace Sluice.Evaluator.Tests;

/// <summary>
/// A BPE tokenizer trained on Brown corpus documents, token shards of them (train and validation, as tokenize writes
/// them) and small models over them, untrained or trained for a few hundred steps: the real pieces the scorer meets.
/// </summary>
public sealed class BrownModels : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sluice-evaluator-" + Guid.NewGuid().ToString("N"));

    public BrownModels()
    {
        var documents = BrownCorpus.Documents().Skip(100).Take(26).ToList();
        Tokenizer = new BpeTrainer(new BpeTrainerOptions { VocabularySize = 512, CountingThreads = 1 }).Train(documents.Select(d => d.Text)).Tokenizer;
        Directory.CreateDirectory(folder);
        TrainPath = Write("train.bin", TokenSplit.Train, documents.Take(24));
        ValidationPath = Write("val.bin", TokenSplit.Validation, documents.Skip(24));
        ValidationText = documents.Skip(24).Select(d => d.Text).ToList();
    }

    public BpeTokenizer Tokenizer { get; }

    public string TrainPath { get; }

    public string ValidationPath { get; }

    public IReadOnlyList<string> ValidationText { get; }

    public ModelConfig Config => new()
    {
        VocabSize = Tokenizer.VocabularySize,
        ContextLength = 64,
        Layers = 2,
        Heads = 4,
        EmbeddingSize = 64,
        Seed = 5,
    };

    /// <summary>A model trained <paramref name="steps"/> steps on random windows of <paramref name="tokens"/>.</summary>
    public GptModel Train(int[] tokens, int steps, double learningRate = 3e-3)
    {
        var model = GptModel.Create(Config);
        var random = new Random(11);
        const int batch = 8;
        var sequence = Config.ContextLength;
        var rows = new int[batch * (sequence + 1)];
        for (var step = 0; step < steps; step++)
        {
            for (var r = 0; r < batch; r++)
            {
                var start = random.Next(tokens.Length - sequence - 1);
                tokens.AsSpan(start, sequence + 1).CopyTo(rows.AsSpan(r * (sequence + 1)));
            }

            model.Accumulate(rows, batch, sequence, 1.0);
            model.OptimizerStep(new AdamWStep(learningRate, 0.9, 0.95, 1e-8, 0.0, 1.0));
        }

        return model;
    }

    /// <summary>Every training token, documents joined by the end-of-text token.</summary>
    public int[] TrainTokens()
    {
        using var shard = TokenShardReader.Open(TrainPath);
        return shard.Documents.SelectMany(d => shard.ReadDocument(d).Append(Tokenizer.EndOfTextToken)).ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes the documents as a token shard of that split in the fixture's folder.</summary>
    public string Write(string name, TokenSplit split, IEnumerable<(string Name, string Text)> documents)
    {
        var path = Path.Combine(folder, name);
        using var writer = new TokenShardWriter(path, new TokenShardWriterOptions
        {
            TokenizerId = Tokenizer.Id,
            VocabularySize = Tokenizer.VocabularySize,
            EndOfTextToken = Tokenizer.EndOfTextToken,
            Split = split,
        });
        foreach (var (id, text) in documents)
        {
            writer.AddDocument(id, Tokenizer.EncodeOrdinary(text));
        }

        writer.Complete();
        return path;
    }
}

using System.Runtime.InteropServices;
using System.Text.Json;
using Sluice.Engine;

/// <summary>
/// One benchmark's inputs in a work folder, shared by every process that trains: the settings, random token batches
/// (<c>batches.i32</c>), the initial weights (<c>init.safetensors</c>, written once by the Sluice engine) and the
/// peer's configuration (<c>peer.json</c>).
/// </summary>
internal sealed class BenchWork
{
    public static readonly AdamWStep Step = new(6e-4, 0.9, 0.95, 1e-8, 0.1, 1.0);

    private BenchWork(string folder, BenchSettings settings, ModelConfig model, int[] batches)
    {
        Folder = folder;
        Settings = settings;
        Model = model;
        Batches = batches;
    }

    public string Folder { get; }

    public BenchSettings Settings { get; }

    public ModelConfig Model { get; }

    public int[] Batches { get; }

    public string InitialWeights => Path.Combine(Folder, "init.safetensors");

    public string BatchesFile => Path.Combine(Folder, "batches.i32");

    public string PeerConfig => Path.Combine(Folder, "peer.json");

    public static ModelConfig ModelFor(BenchSettings settings) => ModelConfig.Preset(settings.Preset) with { Seed = 1337, Dropout = 0 };

    /// <summary>Writes the work folder: batches, initial weights, the peer's configuration.</summary>
    public static BenchWork Create(BenchSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("sluice-bench-engine-").FullName;
        var model = ModelFor(settings);
        var width = settings.Sequence + 1;
        var random = new Random(20260522);
        var count = Math.Max(settings.Steps * settings.Accumulation * settings.Batch * width, settings.RssBatch * (settings.RssSequence + 1) * 64);
        var batches = new int[count];
        for (var i = 0; i < batches.Length; i++)
        {
            batches[i] = random.Next(model.VocabSize);
        }

        var work = new BenchWork(folder, settings, model, batches);
        File.WriteAllBytes(work.BatchesFile, MemoryMarshal.AsBytes(batches.AsSpan()).ToArray());
        File.WriteAllText(Path.Combine(folder, "settings.json"), JsonSerializer.Serialize(settings));
        using (var initial = GptModel.Create(model))
        {
            initial.SaveWeights(work.InitialWeights);
        }

        File.WriteAllText(work.PeerConfig, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["vocab"] = model.VocabSize, ["context"] = model.ContextLength, ["layers"] = model.Layers, ["heads"] = model.Heads,
            ["width"] = model.EmbeddingSize, ["threads"] = settings.Threads, ["steps"] = settings.Steps,
            ["accumulation"] = settings.Accumulation, ["batch"] = settings.Batch, ["sequence"] = settings.Sequence,
            ["lr"] = Step.LearningRate, ["beta1"] = Step.Beta1, ["beta2"] = Step.Beta2, ["eps"] = Step.Epsilon,
            ["weight_decay"] = Step.WeightDecay, ["clip"] = Step.MaxGradNorm, ["init"] = work.InitialWeights,
        }));
        return work;
    }

    /// <summary>Reads a work folder written by <see cref="Create"/> (in a worker process).</summary>
    public static BenchWork Open(string folder)
    {
        var settings = JsonSerializer.Deserialize<BenchSettings>(File.ReadAllText(Path.Combine(folder, "settings.json")))!;
        var batches = MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(folder, "batches.i32"))).ToArray();
        return new BenchWork(folder, settings, ModelFor(settings), batches);
    }
}

using System.Globalization;

namespace Sluice.Engine.Training;

/// <summary>
/// What training a configuration needs in memory, estimated before anything is allocated, and what the machine has.
/// Parameters cost 16 bytes each (float32 weights, gradients and the two AdamW moments). Activations kept for the
/// backward pass cost about s·b·h·(34 + 5·a·s/h) bytes per layer at 16 bits (Korthikanti et al. 2022, "Reducing
/// Activation Recomputation in Large Transformer Models", section 4.1; s sequence, b batch, h width, a heads), twice
/// that in float32, plus the float32 logits, their log-softmax and gradient (3 × b·s·V × 4 bytes).
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Bytes of parameters, gradients, AdamW moments and one micro-batch's activations.</summary>
    public static long TrainingBytes(ModelConfig model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        double c = model.EmbeddingSize;
        double parameters = ((double)model.VocabSize * c) + ((double)model.ContextLength * c) + (model.Layers * ((12 * c * c) + (13 * c))) + (2 * c)
            + (model.TiedEmbeddings ? 0 : (double)model.VocabSize * c);
        double s = options.SequenceLength;
        double b = options.BatchSize;
        var bytesPerElement = model.Device == EngineDevice.Cuda && model.Bf16Autocast ? 1.0 : 2.0;
        var activations = model.Layers * s * b * c * (34 + (5.0 * model.Heads * s / c)) * bytesPerElement;
        var logits = 3 * b * s * model.VocabSize * 4.0;
        return (long)Math.Min(long.MaxValue, (16 * parameters) + activations + logits);
    }

    /// <summary>
    /// Memory available to this process on the CPU: the kernel's MemAvailable, capped by the cgroup limit when one
    /// is set; null when neither can be read (not Linux).
    /// </summary>
    public static long? AvailableBytes()
    {
        long? available = null;
        if (File.Exists("/proc/meminfo"))
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        const string cgroupLimit = "/sys/fs/cgroup/memory.max";
        if (File.Exists(cgroupLimit) && long.TryParse(File.ReadAllText(cgroupLimit).Trim(), CultureInfo.InvariantCulture, out var limit))
        {
            available = available is { } a ? Math.Min(a, limit) : limit;
        }

        return available;
    }

    /// <summary>Throws <see cref="EngineOutOfMemoryException"/>, with both figures, when training would not fit on the CPU.</summary>
    public static void RequireFits(ModelConfig model, TrainingOptions options, long? availableBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Device != EngineDevice.Cpu || availableBytes is not { } available)
        {
            return;
        }

        var needed = TrainingBytes(model, options);
        if (needed > available)
        {
            throw new EngineOutOfMemoryException(
                $"Training this configuration needs about {Gib(needed)} GiB ({model.Layers} layers, width {model.EmbeddingSize}, vocab {model.VocabSize}: " +
                $"16 bytes per parameter for weights, gradients and AdamW moments, plus activations of batch {options.BatchSize} x {options.SequenceLength}), " +
                $"but {Gib(available)} GiB is available: use a smaller model, batch or sequence");
        }
    }

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("F1", CultureInfo.InvariantCulture);
}

using System.Text;
using Sluice.Engine.Native;

namespace Sluice.Engine;

/// <summary>
/// A GPT-2 family model held by the native engine, with its AdamW state. Not thread-safe: one caller at a time.
/// Dispose it to free the native memory at once (a finalizer frees it otherwise).
/// </summary>
public sealed class GptModel : IDisposable
{
    private readonly ModelHandle handle;
    private IReadOnlyList<ModelTensor>? tensors;

    private GptModel(ModelConfig config, ModelHandle handle)
    {
        Config = config;
        this.handle = handle;
    }

    /// <summary>The configuration the model was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>Number of trainable parameters (a tied head counted once).</summary>
    public long ParameterCount
    {
        get
        {
            NativeMethods.Check(NativeMethods.ParameterCount(Handle, out var count), "parameter count");
            return count;
        }
    }

    /// <summary>AdamW updates applied so far (restored by <see cref="LoadState"/>).</summary>
    public long OptimizerSteps
    {
        get
        {
            NativeMethods.Check(NativeMethods.OptimizerSteps(Handle, out var steps), "optimizer steps");
            return steps;
        }
    }

    /// <summary>The parameter tensors, in the engine's fixed order.</summary>
    public IReadOnlyList<ModelTensor> Tensors => tensors ??= ReadTensorList();

    private ModelHandle Handle => handle.IsClosed ? throw new ObjectDisposedException(nameof(GptModel)) : handle;

    /// <summary>Builds a freshly initialised model (GPT-2 initialisation from <see cref="ModelConfig.Seed"/>).</summary>
    public static GptModel Create(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        TorchRuntime.EnsureCompatible();
        var native = new NativeModelConfig
        {
            VocabSize = config.VocabSize,
            ContextLength = config.ContextLength,
            Layers = config.Layers,
            Heads = config.Heads,
            EmbeddingSize = config.EmbeddingSize,
            Dropout = config.Dropout,
            TiedEmbeddings = config.TiedEmbeddings ? 1 : 0,
            Device = (int)config.Device,
            Bf16Autocast = config.Bf16Autocast ? 1 : 0,
            Seed = config.Seed,
        };
        var status = NativeMethods.ModelCreate(native, out var handle);
        if (status != EngineStatus.Ok)
        {
            handle.Dispose();
            NativeMethods.Check(status, "create model");
        }

        return new GptModel(config, handle);
    }

    /// <summary>
    /// Forward and backward over one micro-batch. <paramref name="tokens"/> holds <paramref name="batch"/> rows of
    /// <paramref name="sequence"/> + 1 ids (inputs and the shifted targets). The gradient of loss × <paramref name="scale"/>
    /// is added to the accumulated gradients; returns the unscaled mean loss.
    /// </summary>
    public unsafe double Accumulate(ReadOnlySpan<int> tokens, int batch, int sequence, double scale)
    {
        RequireRows(tokens, batch, sequence + 1);
        fixed (int* p = tokens)
        {
            NativeMethods.Check(NativeMethods.Accumulate(Handle, p, batch, sequence, scale, out var loss), "train step");
            return loss;
        }
    }

    /// <summary>Clips the accumulated gradients, applies AdamW and clears them; returns the gradient norm before clipping.</summary>
    public double OptimizerStep(AdamWStep step)
    {
        var native = new NativeAdamWStep
        {
            LearningRate = step.LearningRate,
            Beta1 = step.Beta1,
            Beta2 = step.Beta2,
            Epsilon = step.Epsilon,
            WeightDecay = step.WeightDecay,
            MaxGradNorm = step.MaxGradNorm,
        };
        NativeMethods.Check(NativeMethods.OptimizerStep(Handle, native, out var norm), "optimizer step");
        return norm;
    }

    /// <summary>Mean next-token cross-entropy over <paramref name="batch"/> rows of <paramref name="sequence"/> + 1 ids, without dropout or gradients.</summary>
    public unsafe double EvaluateLoss(ReadOnlySpan<int> tokens, int batch, int sequence)
    {
        RequireRows(tokens, batch, sequence + 1);
        fixed (int* p = tokens)
        {
            NativeMethods.Check(NativeMethods.EvalLoss(Handle, p, batch, sequence, out var loss), "evaluation loss");
            return loss;
        }
    }

    /// <summary>Logits [batch, sequence, vocab] (row-major) for <paramref name="batch"/> rows of <paramref name="sequence"/> ids.</summary>
    public unsafe float[] Logits(ReadOnlySpan<int> tokens, int batch, int sequence)
    {
        RequireRows(tokens, batch, sequence);
        var logits = new float[checked((long)batch * sequence * Config.VocabSize)];
        fixed (int* p = tokens)
        fixed (float* l = logits)
        {
            NativeMethods.Check(NativeMethods.Logits(Handle, p, batch, sequence, l, logits.LongLength), "logits");
        }

        return logits;
    }

    /// <summary>The prompt followed by up to <paramref name="maxNewTokens"/> sampled tokens.</summary>
    public unsafe int[] Generate(ReadOnlySpan<int> prompt, int maxNewTokens, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (prompt.IsEmpty)
        {
            throw new ArgumentException("The prompt must hold at least one token", nameof(prompt));
        }

        var output = new int[prompt.Length + maxNewTokens];
        long produced;
        fixed (int* p = prompt)
        fixed (int* o = output)
        {
            NativeMethods.Check(
                NativeMethods.Generate(Handle, p, prompt.Length, maxNewTokens, options.Temperature, options.TopK, options.TopP, options.Seed, o, output.Length, out produced),
                "generate");
        }

        return output[..(int)produced];
    }

    /// <summary>Writes weights, AdamW moments and step count, and the dropout generator's state to one file.</summary>
    public void SaveState(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeMethods.Check(NativeMethods.Save(Handle, path), $"save {path}");
    }

    /// <summary>Restores everything <see cref="SaveState"/> wrote; the file must hold a model of the same shape.</summary>
    public void LoadState(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model state file {path} does not exist", path);
        }

        NativeMethods.Check(NativeMethods.Load(Handle, path), $"load {path}");
    }

    /// <summary>A copy of one parameter tensor as float32, row-major.</summary>
    public unsafe float[] ReadTensor(int index)
    {
        var tensor = TensorAt(index);
        var values = new float[tensor.ElementCount];
        fixed (float* p = values)
        {
            NativeMethods.Check(NativeMethods.TensorRead(Handle, index, p, values.LongLength), $"read tensor {tensor.Name}");
        }

        return values;
    }

    /// <summary>Overwrites one parameter tensor from float32 values, row-major.</summary>
    public unsafe void WriteTensor(int index, ReadOnlySpan<float> values)
    {
        var tensor = TensorAt(index);
        fixed (float* p = values)
        {
            NativeMethods.Check(NativeMethods.TensorWrite(Handle, index, p, values.Length), $"write tensor {tensor.Name}");
        }
    }

    /// <summary>Frees the native model.</summary>
    public void Dispose() => handle.Dispose();

    private ModelTensor TensorAt(int index) =>
        index >= 0 && index < Tensors.Count ? Tensors[index] : throw new ArgumentOutOfRangeException(nameof(index), index, $"The model has {Tensors.Count} tensors");

    private void RequireRows(ReadOnlySpan<int> tokens, int batch, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (width - 1 > Config.ContextLength || width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"Sequence length must be in [1, {Config.ContextLength}]");
        }

        if (tokens.Length != (long)batch * width)
        {
            throw new ArgumentException($"Expected {batch} rows of {width} tokens ({(long)batch * width}), got {tokens.Length}", nameof(tokens));
        }
    }

    private unsafe List<ModelTensor> ReadTensorList()
    {
        NativeMethods.Check(NativeMethods.TensorCount(Handle, out var count), "tensor count");
        var list = new List<ModelTensor>((int)count);
        var name = new byte[256];
        var shape = new long[8];
        for (var i = 0; i < count; i++)
        {
            int rank;
            fixed (byte* n = name)
            fixed (long* s = shape)
            {
                NativeMethods.Check(NativeMethods.TensorInfo(Handle, i, n, name.Length, s, out rank), "tensor info");
            }

            var length = Array.IndexOf(name, (byte)0);
            list.Add(new ModelTensor(i, Encoding.UTF8.GetString(name, 0, length), shape[..rank]));
        }

        return list;
    }
}

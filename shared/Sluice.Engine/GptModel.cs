using System.Diagnostics;
using Sluice.Engine.Export;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sluice.Engine;

/// <summary>
/// A GPT-2 family model on libtorch (through TorchSharp), with its AdamW state. Not thread-safe: one caller at a time.
/// Every call frees its intermediate tensors before it returns; dispose the model to free its weights at once.
/// </summary>
public sealed class GptModel : IDisposable
{
    private const double LayerNormEpsilon = 1e-5;
    private readonly List<ModelParameter> parameters = [];
    private readonly List<TransformerBlock> blocks = [];
    private readonly Tensor wte;
    private readonly Tensor wpe;
    private readonly Tensor lnFWeight;
    private readonly Tensor lnFBias;
    private readonly Tensor head;
    private readonly Generator generator;
    private readonly Device device;
    private readonly ScalarType computeType;
    private bool disposed;

    private GptModel(ModelConfig config)
    {
        Config = config;
        device = config.Device == EngineDevice.Cuda ? TorchRuntime.CudaDevice() : CPU;
        computeType = config.Device == EngineDevice.Cuda && config.Bf16Autocast ? ScalarType.BFloat16 : ScalarType.Float32;

        // GPT-2 initialisation: N(0, 0.02) for embeddings and linear weights, residual projections N(0, 0.02/sqrt(2L)),
        // zero biases, unit layer-norm gains. The draws come in a fixed order from a CPU generator, so a seed gives
        // the same model on every device.
        using var initialisation = new Generator(config.Seed);
        var std = 0.02;
        var residualStd = 0.02 / Math.Sqrt(2.0 * config.Layers);
        long c = config.EmbeddingSize;
        Tensor Normal(long[] shape, double s) => torch.empty(shape, float32).normal_(0.0, s, initialisation);
        Tensor Ones(long n) => torch.ones(n, float32);
        Tensor Zeros(long n) => torch.zeros(n, float32);
        using (torch.no_grad())
        {
            wte = Add("wte.weight", Normal([config.VocabSize, c], std), decay: true);
            wpe = Add("wpe.weight", Normal([config.ContextLength, c], std), decay: true);
            for (var i = 0; i < config.Layers; i++)
            {
                var p = $"h.{i}.";
                blocks.Add(new TransformerBlock(
                    Add(p + "ln_1.weight", Ones(c), false),
                    Add(p + "ln_1.bias", Zeros(c), false),
                    Add(p + "attn.c_attn.weight", Normal([3 * c, c], std), true),
                    Add(p + "attn.c_attn.bias", Zeros(3 * c), false),
                    Add(p + "attn.c_proj.weight", Normal([c, c], residualStd), true),
                    Add(p + "attn.c_proj.bias", Zeros(c), false),
                    Add(p + "ln_2.weight", Ones(c), false),
                    Add(p + "ln_2.bias", Zeros(c), false),
                    Add(p + "mlp.c_fc.weight", Normal([4 * c, c], std), true),
                    Add(p + "mlp.c_fc.bias", Zeros(4 * c), false),
                    Add(p + "mlp.c_proj.weight", Normal([c, 4 * c], residualStd), true),
                    Add(p + "mlp.c_proj.bias", Zeros(c), false)));
            }

            lnFWeight = Add("ln_f.weight", Ones(c), false);
            lnFBias = Add("ln_f.bias", Zeros(c), false);
            head = config.TiedEmbeddings ? wte : Add("lm_head.weight", Normal([config.VocabSize, c], std), true);
        }

        // Dropout masks come from the model's own generator so its state can be checkpointed and restored exactly.
        generator = new Generator(config.Seed, device);
        Tensors = parameters.Select((p, i) => new ModelTensor(i, p.Name, p.Value.shape)).ToList();
    }

    /// <summary>The configuration the model was built from.</summary>
    public ModelConfig Config { get; }

    /// <summary>Number of trainable parameters (a tied head counted once).</summary>
    public long ParameterCount => Live.parameters.Sum(p => p.Value.numel());

    /// <summary>AdamW updates applied so far (restored by <see cref="LoadState"/>).</summary>
    public long OptimizerSteps { get; private set; }

    /// <summary>The parameter tensors, in the engine's fixed order.</summary>
    public IReadOnlyList<ModelTensor> Tensors { get; }

    private GptModel Live => disposed ? throw new ObjectDisposedException(nameof(GptModel)) : this;

    /// <summary>Builds a freshly initialised model (GPT-2 initialisation from <see cref="ModelConfig.Seed"/>).</summary>
    public static GptModel Create(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        TorchRuntime.EnsureLoaded();
        if (config.Device == EngineDevice.Cuda && !TorchRuntime.CudaAvailable)
        {
            throw new EngineArgumentException("Model config Device is Cuda, but this build of TorchSharp sees no CUDA device (see docs/engine.md, \"CUDA\")");
        }

        return Torch(() => new GptModel(config), "create model");
    }

    /// <summary>
    /// Forward and backward over one micro-batch. <paramref name="tokens"/> holds <paramref name="batch"/> rows of
    /// <paramref name="sequence"/> + 1 ids (inputs and the shifted targets). The gradient of loss × <paramref name="scale"/>
    /// is added to the accumulated gradients; returns the unscaled mean loss.
    /// </summary>
    public double Accumulate(ReadOnlySpan<int> tokens, int batch, int sequence, double scale)
    {
        var rows = TokenRows(tokens, batch, sequence + 1);
        return Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var input = rows;
            var loss = Loss(input, training: true);
            // The scale as a Scalar held until the backward pass returns (docs/engine.md: implicit Scalars).
            using var factor = scale.ToScalar();
            loss.mul(factor).backward();
            return loss.item<float>();
        }, "train step");
    }

    /// <summary>Clips the accumulated gradients, applies AdamW and clears them; returns the gradient norm before clipping.</summary>
    public double OptimizerStep(AdamWStep step)
    {
        if (step.LearningRate < 0 || step.Beta1 is < 0 or >= 1 || step.Beta2 is < 0 or >= 1 || step.Epsilon <= 0 || step.WeightDecay < 0)
        {
            throw new EngineArgumentException($"optimizer step: invalid hyper-parameters {step}");
        }

        return Torch(() =>
        {
            // Every tensor handle, grad accessors included, is freed with the scope: a handle left to the GC would
            // keep a whole gradient alive until a collection.
            using var scope = torch.NewDisposeScope();
            if (Live.parameters.All(p => p.Value.grad is null))
            {
                throw new EngineArgumentException("optimizer step: no accumulated gradients: call accumulate first");
            }

            using var noGrad = torch.no_grad();
            var norm = ClipGradients(step.MaxGradNorm);
            AdamW(step);
            foreach (var p in parameters)
            {
                p.Value.grad = null;
            }

            return norm;
        }, "optimizer step");
    }

    /// <summary>Mean next-token cross-entropy over <paramref name="batch"/> rows of <paramref name="sequence"/> + 1 ids, without dropout or gradients.</summary>
    public double EvaluateLoss(ReadOnlySpan<int> tokens, int batch, int sequence)
    {
        var rows = TokenRows(tokens, batch, sequence + 1);
        return Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var input = rows;
            return Loss(input, training: false).item<float>();
        }, "evaluation loss");
    }

    /// <summary>
    /// Per-token log-probabilities: for each of <paramref name="batch"/> rows of <paramref name="sequence"/> + 1 ids,
    /// log p(id[t + 1] | id[0..t]) for t in [0, sequence), as [batch, sequence] row-major, without dropout or gradients.
    /// Sums over a span give a continuation's log-likelihood (multiple choice, probes); means give the held-out loss.
    /// Rows of different lengths are padded by the caller, whose padded positions never influence earlier ones.
    /// </summary>
    public float[] TokenLogProbabilities(ReadOnlySpan<int> tokens, int batch, int sequence)
    {
        var rows = TokenRows(tokens, batch, sequence + 1);
        return Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var input = rows;
            var logits = Forward(input.narrow(1, 0, sequence), training: false, cache: null);
            var targets = input.narrow(1, 1, sequence).unsqueeze(-1);
            var logProbabilities = F.log_softmax(logits, -1).gather(-1, targets).squeeze(-1);
            return logProbabilities.cpu().contiguous().data<float>().ToArray();
        }, "token log-probabilities");
    }

    /// <summary>Logits [batch, sequence, vocab] (row-major) for <paramref name="batch"/> rows of <paramref name="sequence"/> ids.</summary>
    public float[] Logits(ReadOnlySpan<int> tokens, int batch, int sequence)
    {
        var rows = TokenRows(tokens, batch, sequence);
        return Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var input = rows;
            return Forward(input, training: false, cache: null).cpu().contiguous().data<float>().ToArray();
        }, "logits");
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> by up to <paramref name="maxNewTokens"/> sampled tokens with a key/value
    /// cache, stopping after <see cref="SamplingOptions.StopToken"/> when it is drawn. The same seed, model and prompt
    /// give the same tokens. Past the context the window slides: the cache is rebuilt from the last context tokens.
    /// </summary>
    public GenerationResult Generate(ReadOnlySpan<int> prompt, int maxNewTokens, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (prompt.IsEmpty)
        {
            throw new ArgumentException("The prompt must hold at least one token", nameof(prompt));
        }

        RequireVocabulary(prompt);
        var promptLength = prompt.Length;
        var sequence = new List<int>(promptLength + maxNewTokens);
        sequence.AddRange(prompt);
        return Torch(() =>
        {
            using var noGrad = torch.no_grad();
            using var sampling = new Generator(options.Seed);
            using var cache = new KeyValueCache(Config.Layers, Config.ContextLength);
            var timer = Stopwatch.StartNew();
            var firstToken = TimeSpan.Zero;
            var stopped = false;
            for (var i = 0; i < maxNewTokens && !stopped; i++)
            {
                using var scope = torch.NewDisposeScope();
                Tensor input;
                if (cache.Length == 0 || cache.Length >= Config.ContextLength)
                {
                    cache.Clear();
                    var start = Math.Max(0, sequence.Count - Config.ContextLength);
                    input = torch.tensor(sequence.GetRange(start, sequence.Count - start).ToArray(), int64, device).unsqueeze(0);
                }
                else
                {
                    input = torch.tensor(new long[] { sequence[^1] }, int64, device).unsqueeze(0);
                }

                var logits = Forward(input, training: false, cache).select(1, -1).squeeze(0).to(float32).cpu();
                var next = Sample(logits, options, sampling);
                sequence.Add(next);
                if (i == 0)
                {
                    firstToken = timer.Elapsed;
                }

                stopped = options.StopToken is { } stop && next == stop;
            }

            timer.Stop();
            var produced = sequence.Count - promptLength;
            var rate = produced > 0 && timer.Elapsed > TimeSpan.Zero ? produced / timer.Elapsed.TotalSeconds : 0;
            return new GenerationResult([.. sequence], promptLength, firstToken, rate, stopped);
        }, "generate");
    }

    /// <summary>
    /// Writes the weights (<c>model.safetensors</c>), the AdamW state (<c>optimizer.safetensors</c>) and the dropout
    /// generator's state (<c>rng.safetensors</c>) into <paramref name="folder"/> (docs/engine.md, "Checkpoints").
    /// </summary>
    public void SaveState(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        SaveWeights(Path.Combine(folder, ModelStateFiles.Weights));
        Torch(() =>
        {
            var tensors = new List<SafetensorsTensor>();
            foreach (var p in Live.parameters)
            {
                var (m, v) = p.Moments();
                tensors.Add(SafetensorsTensor.From("exp_avg." + p.Name, m));
                tensors.Add(SafetensorsTensor.From("exp_avg_sq." + p.Name, v));
            }

            SafetensorsWriter.Write(Path.Combine(folder, ModelStateFiles.Optimizer), tensors, new Dictionary<string, string>
            {
                ["format"] = ModelStateFiles.OptimizerFormat,
                ["step"] = OptimizerSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            using var state = generator.get_state();
            SafetensorsWriter.Write(Path.Combine(folder, ModelStateFiles.Rng), [SafetensorsTensor.From(ModelStateFiles.DropoutGenerator, state)], new Dictionary<string, string>
            {
                ["format"] = ModelStateFiles.RngFormat,
                ["device"] = device.type.ToString().ToLowerInvariant(),
            });
            return 0;
        }, $"save {folder}");
    }

    /// <summary>Restores everything <see cref="SaveState"/> wrote; the folder must hold a model of the same shape.</summary>
    public void LoadState(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        LoadWeights(Path.Combine(folder, ModelStateFiles.Weights));
        var optimizer = SafetensorsReader.Open(Path.Combine(folder, ModelStateFiles.Optimizer));
        if (optimizer.Metadata.GetValueOrDefault("format") != ModelStateFiles.OptimizerFormat
            || !long.TryParse(optimizer.Metadata.GetValueOrDefault("step"), System.Globalization.CultureInfo.InvariantCulture, out var steps))
        {
            throw new EngineIOException($"{optimizer.Path} is not a Sluice AdamW state (metadata format {ModelStateFiles.OptimizerFormat} and step expected)");
        }

        var rng = SafetensorsReader.Open(Path.Combine(folder, ModelStateFiles.Rng));
        Torch(() =>
        {
            using var noGrad = torch.no_grad();
            foreach (var p in Live.parameters)
            {
                var (m, v) = p.Moments();
                optimizer.CopyInto("exp_avg." + p.Name, m);
                optimizer.CopyInto("exp_avg_sq." + p.Name, v);
            }

            using var state = torch.empty(rng.Shape(ModelStateFiles.DropoutGenerator), uint8);
            rng.CopyInto(ModelStateFiles.DropoutGenerator, state);
            generator.set_state(state);
            return 0;
        }, $"load {folder}");
        OptimizerSteps = steps;
    }

    /// <summary>Writes the weights as float32 safetensors under the engine's tensor names.</summary>
    public void SaveWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Torch(() =>
        {
            SafetensorsWriter.Write(path, Live.parameters.Select(p => SafetensorsTensor.From(p.Name, p.Value)), new Dictionary<string, string> { ["format"] = "pt" });
            return 0;
        }, $"save {path}");
    }

    /// <summary>Overwrites the weights from a safetensors file written by <see cref="SaveWeights"/> (names and shapes must match).</summary>
    public void LoadWeights(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = SafetensorsReader.Open(path);
        var missing = Live.parameters.Where(p => !file.Contains(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0)
        {
            throw new EngineArgumentException($"{path} holds a model of another shape: no tensor {string.Join(", ", missing.Take(3))}");
        }

        Torch(() =>
        {
            using var noGrad = torch.no_grad();
            foreach (var p in parameters)
            {
                file.CopyInto(p.Name, p.Value);
                p.Value.grad = null;
            }

            return 0;
        }, $"load {path}");
    }

    /// <summary>Sets the AdamW step count and moments as another run left them (continual training).</summary>
    internal void LoadOptimizerFrom(GptModel source)
    {
        Torch(() =>
        {
            using var noGrad = torch.no_grad();
            for (var i = 0; i < parameters.Count; i++)
            {
                var (m, v) = parameters[i].Moments();
                var (sm, sv) = source.parameters[i].Moments();
                m.copy_(sm);
                v.copy_(sv);
            }

            return 0;
        }, "copy optimizer state");
        OptimizerSteps = source.OptimizerSteps;
    }

    /// <summary>A copy of one parameter tensor as float32, row-major.</summary>
    public float[] ReadTensor(int index)
    {
        var p = ParameterAt(index);
        return Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            return p.Value.detach().to(float32).cpu().contiguous().data<float>().ToArray();
        }, $"read tensor {p.Name}");
    }

    /// <summary>Overwrites one parameter tensor from float32 values, row-major.</summary>
    public void WriteTensor(int index, ReadOnlySpan<float> values)
    {
        var p = ParameterAt(index);
        if (values.Length != p.Value.numel())
        {
            throw new EngineArgumentException($"write tensor {p.Name}: it has {p.Value.numel()} elements, the source holds {values.Length}");
        }

        var copy = values.ToArray();
        Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            p.Value.copy_(torch.tensor(copy, p.Value.shape));
            return 0;
        }, $"write tensor {p.Name}");
    }

    /// <summary>Frees the model's tensors.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        lock (EngineLock.Gate)
        {
            foreach (var p in parameters)
            {
                p.Dispose();
            }

            generator.Dispose();
        }
    }

    /// <summary>The model's dropout generator state (CPU and CUDA generators keep different layouts).</summary>
    internal byte[] GeneratorState()
    {
        lock (EngineLock.Gate)
        {
            using var state = generator.get_state();
            return state.bytes.ToArray();
        }
    }

    /// <summary>Sets AdamW moments, step count and generator state from a checkpoint of the libtorch 1.13 engine.</summary>
    internal void RestoreLegacyState(Func<string, Tensor?> buffer, long steps)
    {
        using var noGrad = torch.no_grad();
        foreach (var p in parameters)
        {
            var (m, v) = p.Moments();
            using var value = buffer("param." + p.Name) ?? throw new EngineIOException($"no tensor param.{p.Name}");
            using var expAvg = buffer("exp_avg." + p.Name) ?? throw new EngineIOException($"no tensor exp_avg.{p.Name}");
            using var expAvgSq = buffer("exp_avg_sq." + p.Name) ?? throw new EngineIOException($"no tensor exp_avg_sq.{p.Name}");
            if (!value.shape.SequenceEqual(p.Value.shape))
            {
                throw new EngineArgumentException($"tensor {p.Name} has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", p.Value.shape)}]");
            }

            p.Value.copy_(value);
            m.copy_(expAvg);
            v.copy_(expAvgSq);
        }

        if (device.type == DeviceType.CPU && buffer("generator") is { } state)
        {
            using (state)
            {
                generator.set_state(state);
            }
        }

        OptimizerSteps = steps;
    }

    private Tensor Add(string name, Tensor value, bool decay)
    {
        var onDevice = value.to(device).requires_grad_(true).DetachFromDisposeScope();
        if (!ReferenceEquals(onDevice, value))
        {
            value.Dispose();
        }

        parameters.Add(new ModelParameter(name, onDevice, decay));
        return onDevice;
    }

    // A float32 master weight as the forward pass uses it: itself, or a bfloat16 copy on CUDA (gradients flow back).
    private Tensor W(Tensor master) => computeType == ScalarType.Float32 ? master : master.to(computeType);

    private Tensor Forward(Tensor idx, bool training, KeyValueCache? cache)
    {
        var b = idx.shape[0];
        var t = idx.shape[1];
        long c = Config.EmbeddingSize;
        long h = Config.Heads;
        var start = cache?.Length ?? 0;
        using var first = start.ToScalar();
        using var end = (start + t).ToScalar();
        var positions = torch.arange(first, end, EngineScalars.One, int64, device);
        var x = Dropout(wte.index_select(0, idx.reshape(-1)).view(b, t, c).add(wpe.index_select(0, positions), EngineScalars.One), training);
        if (computeType != ScalarType.Float32)
        {
            x = x.to(computeType);
        }

        var attentionDropout = training ? Config.Dropout : 0.0;
        if (attentionDropout > 0)
        {
            // scaled_dot_product_attention draws its dropout from the global generator; seeding it from the model's
            // own generator keeps every mask a function of the checkpointed state.
            using var seed = torch.randint(long.MaxValue, [1], int64, CPU, generator: device.type == DeviceType.CPU ? generator : null);
            torch.manual_seed(seed.item<long>()).Dispose();
        }

        for (var layer = 0; layer < blocks.Count; layer++)
        {
            var block = blocks[layer];
            var normed = F.layer_norm(x, [c], W(block.Ln1Weight), W(block.Ln1Bias), LayerNormEpsilon);
            var qkv = F.linear(normed, W(block.AttnWeight), W(block.AttnBias)).split(c, 2);
            var q = qkv[0].view(b, t, h, c / h).transpose(1, 2);
            var k = qkv[1].view(b, t, h, c / h).transpose(1, 2);
            var v = qkv[2].view(b, t, h, c / h).transpose(1, 2);
            var causal = true;
            if (cache is not null)
            {
                // A single new position attends to every cached one; a prompt attends causally within itself.
                causal = t > 1;
                (k, v) = cache.Append(layer, k, v);
            }

            var y = F.scaled_dot_product_attention(q, k, v, p: attentionDropout, is_casual: causal).transpose(1, 2).contiguous().view(b, t, c);
            x = x.add(Dropout(F.linear(y, W(block.AttnProjWeight), W(block.AttnProjBias)), training), EngineScalars.One);
            normed = F.layer_norm(x, [c], W(block.Ln2Weight), W(block.Ln2Bias), LayerNormEpsilon);
            var hidden = F.gelu(F.linear(normed, W(block.FcWeight), W(block.FcBias)), TorchSharp.Modules.GELU.Approximate.tanh);
            x = x.add(Dropout(F.linear(hidden, W(block.FcProjWeight), W(block.FcProjBias)), training), EngineScalars.One);
        }

        x = F.layer_norm(x, [c], W(lnFWeight), W(lnFBias), LayerNormEpsilon);
        var logits = F.linear(x, W(head));
        return computeType == ScalarType.Float32 ? logits : logits.to(float32);
    }

    private Tensor Dropout(Tensor x, bool training)
    {
        var p = Config.Dropout;
        if (!training || p == 0)
        {
            return x;
        }

        var keep = torch.empty_like(x).bernoulli_(1.0 - p, generator);
        using var kept = (1.0 - p).ToScalar();
        return x.mul(keep).div(kept);
    }

    private Tensor Loss(Tensor tokens, bool training)
    {
        var t = tokens.shape[1] - 1;
        var logits = Forward(tokens.narrow(1, 0, t), training, cache: null);
        return F.cross_entropy(logits.view(-1, logits.shape[^1]), tokens.narrow(1, 1, t).reshape(-1));
    }

    // As torch.nn.utils.clip_grad_norm_: the coefficient max / (norm + 1e-6), clamped to 1, is always applied.
    // Its Scalars are made explicitly and disposed after the last call that uses them (EngineScalars says why).
    private double ClipGradients(double maxNorm)
    {
        var grads = parameters.Select(p => p.Value.grad).OfType<Tensor>().ToList();
        var total = torch.stack(grads.Select(g => g.norm(2.0f)).ToArray()).norm(2.0f);
        if (maxNorm > 0)
        {
            using var tiny = 1e-6.ToScalar();
            using var limit = maxNorm.ToScalar();
            var coefficient = total.add(tiny, EngineScalars.One).reciprocal_().mul_(limit).clamp_max(EngineScalars.One);
            foreach (var grad in grads)
            {
                grad.mul_(coefficient);
            }
        }

        return total.item<float>();
    }

    // AdamW as torch.optim.AdamW's single-tensor path computes it, so results match PyTorch on CPU.
    private void AdamW(AdamWStep s)
    {
        OptimizerSteps++;
        var biasCorrection1 = 1.0 - Math.Pow(s.Beta1, OptimizerSteps);
        var biasCorrection2Sqrt = Math.Sqrt(1.0 - Math.Pow(s.Beta2, OptimizerSteps));
        var stepSize = s.LearningRate / biasCorrection1;
        using var decayed = (1.0 - (s.LearningRate * s.WeightDecay)).ToScalar();
        using var beta1 = s.Beta1.ToScalar();
        using var oneMinusBeta1 = (1.0 - s.Beta1).ToScalar();
        using var beta2 = s.Beta2.ToScalar();
        using var oneMinusBeta2 = (1.0 - s.Beta2).ToScalar();
        using var correction2 = biasCorrection2Sqrt.ToScalar();
        using var epsilon = s.Epsilon.ToScalar();
        using var negativeStep = (-stepSize).ToScalar();
        foreach (var p in parameters)
        {
            var grad = p.Value.grad;
            if (grad is null)
            {
                continue;
            }

            var (m, v) = p.Moments();
            if (p.Decay)
            {
                p.Value.mul_(decayed);
            }

            m.mul_(beta1).add_(grad, oneMinusBeta1);
            v.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
            var denominator = v.sqrt().div_(correction2).add_(epsilon, EngineScalars.One);
            p.Value.addcdiv_(m, denominator, negativeStep);
        }
    }

    private static int Sample(Tensor logits, SamplingOptions options, Generator sampling)
    {
        if (options.Temperature <= 0)
        {
            return (int)logits.argmax(-1).item<long>();
        }

        // Every number handed to libtorch is a Scalar held until the call returns (docs/engine.md: implicit Scalars).
        using var temperature = options.Temperature.ToScalar();
        using var excluded = double.NegativeInfinity.ToScalar();
        using var topP = options.TopP.ToScalar();
        logits = logits.div(temperature);
        var vocabulary = logits.shape[0];
        if (options.TopK > 0 && options.TopK < vocabulary)
        {
            var kth = logits.topk(options.TopK).values[options.TopK - 1];
            logits = logits.masked_fill(logits < kth, excluded);
        }

        if (options.TopP < 1.0)
        {
            var (sorted, order) = logits.sort(-1, descending: true);
            var probabilities = torch.softmax(sorted, -1);
            // Drop a token once the mass before it already reaches p; the most likely token always stays.
            var dropSorted = (probabilities.cumsum(-1) - probabilities).ge(topP);
            var drop = torch.zeros_like(dropSorted).scatter(0, order, dropSorted);
            logits = logits.masked_fill(drop, excluded);
        }

        return (int)torch.multinomial(torch.softmax(logits, -1), 1, false, sampling).item<long>();
    }

    private Tensor TokenRows(ReadOnlySpan<int> tokens, int batch, int width)
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

        RequireVocabulary(tokens);
        _ = Live;
        var copy = tokens.ToArray();
        return Torch(() =>
        {
            using var scope = torch.NewDisposeScope();
            return torch.tensor(copy, [batch, width]).to(int64).to(device).MoveToOuterDisposeScope();
        }, "tokens");
    }

    private void RequireVocabulary(ReadOnlySpan<int> tokens)
    {
        foreach (var token in tokens)
        {
            if ((uint)token >= (uint)Config.VocabSize)
            {
                throw new EngineArgumentException($"token id out of range [0, {Config.VocabSize}): found {token}");
            }
        }
    }

    private ModelParameter ParameterAt(int index) =>
        index >= 0 && index < Live.parameters.Count
            ? parameters[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"The model has {parameters.Count} tensors");

    // libtorch reports its errors as ExternalException; they become the engine's typed exceptions, named by operation.
    // Every call holds the engine's lock (EngineLock).
    private static T Torch<T>(Func<T> body, string operation)
    {
        try
        {
            lock (EngineLock.Gate)
            {
                return body();
            }
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            var message = $"{operation}: {e.Message.Split('\n')[0]}";
            throw e.Message.Contains("can't allocate memory", StringComparison.Ordinal) || e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
                ? new EngineOutOfMemoryException(message)
                : new TorchException(message);
        }
    }
}

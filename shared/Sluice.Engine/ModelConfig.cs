using System.Text.Json.Serialization;

namespace Sluice.Engine;

/// <summary>
/// A decoder-only transformer in the GPT-2 layout: pre-norm blocks of causal self-attention and a 4x GELU MLP,
/// learned position embeddings, and a final layer norm. The defaults are GPT-2 small (124M parameters).
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Token vocabulary size. Default 50257 (GPT-2's byte-level BPE).</summary>
    public int VocabSize { get; init; } = 50257;

    /// <summary>Longest sequence the model sees (positions). Default 1024.</summary>
    public int ContextLength { get; init; } = 1024;

    /// <summary>Transformer blocks. Default 12.</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Attention heads per block; must divide <see cref="EmbeddingSize"/>. Default 12.</summary>
    public int Heads { get; init; } = 12;

    /// <summary>Model width. Default 768.</summary>
    public int EmbeddingSize { get; init; } = 768;

    /// <summary>Dropout probability on embeddings, attention weights and residual branches, in [0, 1). Default 0.</summary>
    public double Dropout { get; init; }

    /// <summary>Whether the output head shares the token embedding matrix, as in GPT-2. Default true.</summary>
    public bool TiedEmbeddings { get; init; } = true;

    /// <summary>Seed of the initialisation and dropout generator. Default 1337.</summary>
    public ulong Seed { get; init; } = 1337;

    /// <summary>Device for the model's tensors. Default <see cref="EngineDevice.Cpu"/>.</summary>
    public EngineDevice Device { get; init; } = EngineDevice.Cpu;

    /// <summary>On CUDA, compute in bfloat16 by explicit casts of the float32 master weights (TorchSharp has no autocast); ignored on CPU. Default true.</summary>
    public bool Bf16Autocast { get; init; } = true;

    /// <summary>Width of one attention head.</summary>
    [JsonIgnore]
    public int HeadSize => EmbeddingSize / Heads;

    /// <summary>Named presets: the four GPT-2 sizes and small models for CPU runs and tests.</summary>
    public static IReadOnlyDictionary<string, ModelConfig> Presets { get; } = new Dictionary<string, ModelConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt2"] = new(),
        ["gpt2-medium"] = new() { Layers = 24, Heads = 16, EmbeddingSize = 1024 },
        ["gpt2-large"] = new() { Layers = 36, Heads = 20, EmbeddingSize = 1280 },
        ["gpt2-xl"] = new() { Layers = 48, Heads = 25, EmbeddingSize = 1600 },
        ["gpt2-mini"] = new() { Layers = 6, Heads = 6, EmbeddingSize = 384, ContextLength = 512 },
        ["gpt2-tiny"] = new() { Layers = 4, Heads = 4, EmbeddingSize = 128, ContextLength = 256 },
    };

    /// <summary>The preset called <paramref name="name"/>; throws naming the known presets when there is none.</summary>
    public static ModelConfig Preset(string name) =>
        Presets.TryGetValue(name, out var preset)
            ? preset
            : throw new ArgumentException($"Unknown model preset '{name}'; known presets: {string.Join(", ", Presets.Keys)}", nameof(name));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        Require(VocabSize > 0, nameof(VocabSize), "must be positive");
        Require(ContextLength > 0, nameof(ContextLength), "must be positive");
        Require(Layers > 0, nameof(Layers), "must be positive");
        Require(Heads > 0, nameof(Heads), "must be positive");
        Require(EmbeddingSize > 0 && EmbeddingSize % Heads == 0, nameof(EmbeddingSize), $"must be a positive multiple of Heads ({Heads})");
        Require(Dropout is >= 0 and < 1, nameof(Dropout), "must be in [0, 1)");
        Require(Enum.IsDefined(Device), nameof(Device), "must be Cpu or Cuda");
    }

    private void Require(bool condition, string property, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"Model config {property} {rule}; got {GetType().GetProperty(property)!.GetValue(this)}", property);
        }
    }
}

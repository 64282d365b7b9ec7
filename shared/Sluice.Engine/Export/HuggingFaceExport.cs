using System.Text.Json.Nodes;
using Sluice.Tokenizer;

namespace Sluice.Engine.Export;

/// <summary>
/// Exports a model in the Hugging Face <c>transformers</c> GPT-2 layout: <c>model.safetensors</c> with
/// <c>GPT2LMHeadModel</c> names (<c>transformer.h.0.attn.c_attn.weight</c>, …) and Conv1D weights stored
/// [in, out] (the engine's linear weights are [out, in], so they are transposed), <c>config.json</c>,
/// <c>generation_config.json</c>, and the tokenizer when one is given: Hugging Face <c>tokenizer.json</c> with
/// <c>tokenizer_config.json</c> (so <c>AutoTokenizer</c> loads it), Sluice's tokenizer file (tiktoken's encoder JSON)
/// and its ranks in tiktoken's <c>.tiktoken</c> format. A tied head is not written: transformers
/// ties <c>lm_head.weight</c> to <c>transformer.wte.weight</c> from <c>tie_word_embeddings</c>.
/// </summary>
public static class HuggingFaceExport
{
    /// <summary>The weights file.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Writes the export into <paramref name="folder"/> (created if needed); returns the files written.</summary>
    /// <param name="model">The model to export.</param>
    /// <param name="folder">Destination folder.</param>
    /// <param name="tokenizer">The model's tokenizer, written next to the weights; optional.</param>
    public static IReadOnlyList<string> Write(GptModel model, string folder, BpeTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var config = model.Config;
        var eos = tokenizer is { EndOfTextToken: >= 0 } ? tokenizer.EndOfTextToken : Math.Min(50256, config.VocabSize - 1);

        var tensors = model.Tensors.Select(t => ToHuggingFace(t, model.ReadTensor(t.Index)));
        var weights = Path.Combine(folder, WeightsFile);
        SafetensorsWriter.Write(weights, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var written = new List<string> { weights };

        var hfConfig = new JsonObject
        {
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["model_type"] = "gpt2",
            ["vocab_size"] = config.VocabSize,
            ["n_positions"] = config.ContextLength,
            ["n_ctx"] = config.ContextLength,
            ["n_embd"] = config.EmbeddingSize,
            ["n_layer"] = config.Layers,
            ["n_head"] = config.Heads,
            ["n_inner"] = null,
            ["activation_function"] = "gelu_new",
            ["resid_pdrop"] = config.Dropout,
            ["embd_pdrop"] = config.Dropout,
            ["attn_pdrop"] = config.Dropout,
            ["layer_norm_epsilon"] = 1e-5,
            ["initializer_range"] = 0.02,
            ["scale_attn_weights"] = true,
            ["use_cache"] = true,
            ["bos_token_id"] = eos,
            ["eos_token_id"] = eos,
            ["tie_word_embeddings"] = config.TiedEmbeddings,
            ["torch_dtype"] = "float32",
        };
        written.Add(WriteJson(folder, "config.json", hfConfig));
        written.Add(WriteJson(folder, "generation_config.json", new JsonObject { ["bos_token_id"] = eos, ["eos_token_id"] = eos }));

        if (tokenizer is not null)
        {
            var huggingFace = Path.Combine(folder, "tokenizer.json");
            HuggingFaceTokenizerJson.Save(tokenizer, huggingFace);
            written.Add(huggingFace);
            var eosText = tokenizer.SpecialTokens.FirstOrDefault(p => p.Value == eos).Key;
            written.Add(WriteJson(folder, "tokenizer_config.json", new JsonObject
            {
                ["tokenizer_class"] = "GPT2TokenizerFast",
                ["model_max_length"] = config.ContextLength,
                ["bos_token"] = eosText,
                ["eos_token"] = eosText,
                ["unk_token"] = eosText,
                ["add_prefix_space"] = false,
            }));
            var file = Path.Combine(folder, "tokenizer.sluice.json");
            TokenizerFile.Save(tokenizer, file);
            var ranks = Path.Combine(folder, tokenizer.Name + ".tiktoken");
            TokenizerFile.SaveTiktokenRanks(tokenizer, ranks);
            written.Add(file);
            written.Add(ranks);
        }

        return written;
    }

    /// <summary>The Hugging Face name of an engine tensor, and whether its values are transposed (Conv1D weights).</summary>
    internal static (string Name, bool Transposed) HuggingFaceName(string engineName)
    {
        if (engineName == "lm_head.weight")
        {
            return (engineName, false);
        }

        var conv1D = engineName.EndsWith(".weight", StringComparison.Ordinal)
            && (engineName.Contains(".attn.c_attn.", StringComparison.Ordinal) || engineName.Contains(".attn.c_proj.", StringComparison.Ordinal)
                || engineName.Contains(".mlp.c_fc.", StringComparison.Ordinal) || engineName.Contains(".mlp.c_proj.", StringComparison.Ordinal));
        return ("transformer." + engineName, conv1D);
    }

    private static SafetensorsTensor ToHuggingFace(ModelTensor tensor, float[] values)
    {
        var (name, transposed) = HuggingFaceName(tensor.Name);
        if (!transposed)
        {
            return SafetensorsTensor.FromFloats(name, tensor.Shape, values);
        }

        var rows = (int)tensor.Shape[0];
        var columns = (int)tensor.Shape[1];
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[((long)c * rows) + r] = values[((long)r * columns) + c];
            }
        }

        return SafetensorsTensor.FromFloats(name, [columns, rows], result);
    }

    private static string WriteJson(string folder, string name, JsonObject content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content.ToJsonString(EngineJson.Options) + "\n");
        return path;
    }
}

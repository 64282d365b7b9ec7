using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Tokenizer.PreTokenization;

namespace Sluice.Tokenizer;

/// <summary>
/// Exports a tokenizer as a Hugging Face <c>tokenizer.json</c> (BPE model, ByteLevel pre-tokenizer and decoder) that
/// the <c>tokenizers</c> library loads and that encodes as Sluice does. tiktoken merges by the rank of the merged
/// bytes, Hugging Face by the rank of the merge rule; so every way of splitting each token into two tokens is listed
/// as a merge, ordered by the token's rank, which makes Hugging Face pick the same merges.
/// </summary>
public static class HuggingFaceTokenizerJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <c>tokenizer.json</c> content (UTF-8).</summary>
    public static byte[] Serialize(BpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("version", "1.0");
            json.WriteNull("truncation");
            json.WriteNull("padding");
            json.WriteStartArray("added_tokens");
            foreach (var (content, id) in tokenizer.SpecialTokens.OrderBy(p => p.Value))
            {
                json.WriteStartObject();
                json.WriteNumber("id", id);
                json.WriteString("content", content);
                json.WriteBoolean("single_word", false);
                json.WriteBoolean("lstrip", false);
                json.WriteBoolean("rstrip", false);
                json.WriteBoolean("normalized", false);
                json.WriteBoolean("special", true);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNull("normalizer");
            json.WritePropertyName("pre_tokenizer");
            if (tokenizer.Pattern == PreTokenizerPatterns.Gpt2)
            {
                WriteByteLevel(json, useRegex: true);
            }
            else
            {
                json.WriteStartObject();
                json.WriteString("type", "Sequence");
                json.WriteStartArray("pretokenizers");
                json.WriteStartObject();
                json.WriteString("type", "Split");
                json.WriteStartObject("pattern");
                json.WriteString("Regex", tokenizer.Pattern);
                json.WriteEndObject();
                json.WriteString("behavior", "Isolated");
                json.WriteBoolean("invert", false);
                json.WriteEndObject();
                WriteByteLevel(json, useRegex: false);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteNull("post_processor");
            json.WritePropertyName("decoder");
            WriteByteLevel(json, useRegex: true);
            json.WriteStartObject("model");
            json.WriteString("type", "BPE");
            json.WriteNull("dropout");
            json.WriteNull("unk_token");
            json.WriteNull("continuing_subword_prefix");
            json.WriteNull("end_of_word_suffix");
            json.WriteBoolean("fuse_unk", false);
            json.WriteBoolean("byte_fallback", false);
            json.WriteBoolean("ignore_merges", false);
            json.WriteStartObject("vocab");
            for (var rank = 0; rank < tokenizer.MergeableCount; rank++)
            {
                var bytes = tokenizer.Vocabulary.BytesOf(rank);
                if (!bytes.IsEmpty)
                {
                    json.WriteNumber(ByteLevelAlphabet.Encode(bytes), rank);
                }
            }

            json.WriteEndObject();
            json.WriteStartArray("merges");
            for (var rank = 0; rank < tokenizer.MergeableCount; rank++)
            {
                var bytes = tokenizer.Vocabulary.BytesOf(rank);
                for (var split = 1; split < bytes.Length; split++)
                {
                    if (tokenizer.Vocabulary.Lookup(bytes[..split]) >= 0 && tokenizer.Vocabulary.Lookup(bytes[split..]) >= 0)
                    {
                        json.WriteStartArray();
                        json.WriteStringValue(ByteLevelAlphabet.Encode(bytes[..split]));
                        json.WriteStringValue(ByteLevelAlphabet.Encode(bytes[split..]));
                        json.WriteEndArray();
                    }
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes <c>tokenizer.json</c>.</summary>
    public static void Save(BpeTokenizer tokenizer, string path) => File.WriteAllBytes(path, Serialize(tokenizer));

    private static void WriteByteLevel(Utf8JsonWriter json, bool useRegex)
    {
        json.WriteStartObject();
        json.WriteString("type", "ByteLevel");
        json.WriteBoolean("add_prefix_space", false);
        json.WriteBoolean("trim_offsets", true);
        json.WriteBoolean("use_regex", useRegex);
        json.WriteEndObject();
    }
}

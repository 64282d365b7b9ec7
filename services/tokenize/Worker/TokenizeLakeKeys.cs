using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize.Worker;

/// <summary>Where the tokenize stage keeps things in the lake (see docs/tokenize.md).</summary>
internal static class TokenizeLakeKeys
{
    /// <summary>The prefix of every cleaned shard, the input of tokenizer training.</summary>
    public const string CleanPrefix = "docs/clean/";

    /// <summary>Our own tokenizer file, whose SHA-256 is the tokenizer id.</summary>
    public const string TokenizerFileName = "tokenizer.tiktoken.json";

    /// <summary>The same tokenizer as a tiktoken ranks file.</summary>
    public const string RanksFileName = "ranks.tiktoken";

    /// <summary>The same tokenizer as a Hugging Face <c>tokenizer.json</c>.</summary>
    public const string HuggingFaceFileName = "tokenizer.json";

    /// <summary>Where the tokenizer came from (standard encoding, or the training policy and sample).</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary><c>tokenizers/&lt;id&gt;/&lt;file&gt;</c>: immutable once written.</summary>
    public static string TokenizerObject(string tokenizerId, string file) => $"tokenizers/{tokenizerId}/{file}";

    /// <summary>The frozen choice of a training policy: names the tokenizer id it trained. Written last, never replaced.</summary>
    public static string PolicyPointer(string policyHash) => $"state/tokenize/tokenizer-policies/{policyHash}.json";

    /// <summary>Why the attempt to train a policy's tokenizer for one request failed; read (and removed) by the worker that asked.</summary>
    public static string TrainingFailure(string policyHash, string requestId) => $"state/tokenize/tokenizer-failures/{policyHash}/{requestId}.txt";

    /// <summary>
    /// <c>tokens/&lt;tokenizer-id&gt;/{train,val}/&lt;input-hash[..32]&gt;-&lt;config-hash[..16]&gt;-&lt;part&gt;.bin</c>: the same
    /// input with the same configuration always lands on the same key, with the same bytes.
    /// </summary>
    public static string TokenShard(string tokenizerId, TokenSplit split, string inputHash, string configHash, int part) =>
        $"tokens/{tokenizerId}/{(split == TokenSplit.Validation ? "val" : "train")}/{inputHash[..Math.Min(32, inputHash.Length)]}-{configHash[..16]}-{part:D5}{TokenShardLayout.TokenFileExtension}";
}

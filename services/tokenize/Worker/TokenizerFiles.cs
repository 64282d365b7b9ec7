using Sluice.Contracts;

namespace Sluice.Tokenize.Worker;

/// <summary>The files of a tokenizer under <c>tokenizers/&lt;id&gt;/</c> (see docs/tokenize.md), and a policy's pointer.</summary>
internal static class TokenizerFiles
{
    /// <summary>Our own tokenizer file, whose SHA-256 is the tokenizer id.</summary>
    public const string Tokenizer = "tokenizer.tiktoken.json";

    /// <summary>The same tokenizer as a tiktoken ranks file.</summary>
    public const string Ranks = "ranks.tiktoken";

    /// <summary>The same tokenizer as a Hugging Face <c>tokenizer.json</c>.</summary>
    public const string HuggingFace = "tokenizer.json";

    /// <summary>Where the tokenizer came from (standard encoding, or the training policy and sample).</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The frozen choice of a training policy: names the tokenizer id it trained. Written last, never replaced.</summary>
    public static string PolicyPointer(string policyHash) => LakeKeys.State(TokenizeStage.StageName, $"tokenizer-policies/{policyHash}.json");
}

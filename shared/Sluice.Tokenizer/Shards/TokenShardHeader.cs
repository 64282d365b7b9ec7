namespace Sluice.Tokenizer.Shards;

/// <summary>
/// What a token shard's 1,024-byte header says (see docs/token-shards.md for the byte layout).
/// </summary>
/// <param name="Version"><see cref="TokenShardLayout.VersionUInt16"/> (ids stored as uint16, llm.c's layout) or <see cref="TokenShardLayout.VersionUInt32"/>.</param>
/// <param name="TokenCount">Number of token ids in the shard, including the <c>&lt;|endoftext|&gt;</c> before each document.</param>
/// <param name="DocumentCount">Number of documents; 0 for a plain llm.c file without Sluice's fields.</param>
/// <param name="EndOfTextToken">The id of <c>&lt;|endoftext|&gt;</c> that precedes every document; -1 when unknown.</param>
/// <param name="VocabularySize">The tokenizer's vocabulary size (every id is below it); 0 when unknown.</param>
/// <param name="Split">Train, validation, or unsplit.</param>
/// <param name="ValidationPartsPerMillion">The validation fraction the split used, in parts per million.</param>
/// <param name="TokenizerId">The tokenizer's id (lower-case hex SHA-256), or null for a plain llm.c file.</param>
public sealed record TokenShardHeader(
    int Version,
    long TokenCount,
    int DocumentCount,
    int EndOfTextToken,
    int VocabularySize,
    TokenSplit Split,
    int ValidationPartsPerMillion,
    string? TokenizerId)
{
    /// <summary>Bytes per stored token id: 2 for version 1, 4 for version 2.</summary>
    public int BytesPerToken => Version == TokenShardLayout.VersionUInt16 ? 2 : 4;
}

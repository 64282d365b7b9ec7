namespace Sluice.Tokenizer.Shards;

/// <summary>
/// One document's place in a token shard. Documents tile the shard: each starts with <c>&lt;|endoftext|&gt;</c>
/// at <see cref="Start"/>, followed by its text's tokens, and the next document starts right after it.
/// </summary>
/// <param name="Id">The document's id (as in the document shards it came from).</param>
/// <param name="Start">Token position of the document's leading <c>&lt;|endoftext|&gt;</c>.</param>
/// <param name="Length">Tokens the document spans, its leading <c>&lt;|endoftext|&gt;</c> included.</param>
public readonly record struct TokenShardDocument(string Id, long Start, int Length)
{
    /// <summary>Position of the first token of the document's text.</summary>
    public long TextStart => Start + 1;

    /// <summary>Number of tokens of the document's text.</summary>
    public int TextLength => Length - 1;

    /// <summary>The position just after the document.</summary>
    public long End => Start + Length;
}

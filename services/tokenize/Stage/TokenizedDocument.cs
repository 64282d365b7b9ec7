using Sluice.Tokenizer.Shards;

namespace Sluice.Tokenize;

/// <summary>A kept document as tokenize outputs it: its id, the split its id hashes to, and its tokens (without the separator).</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Split">Train or validation.</param>
/// <param name="Tokens">The document's tokens.</param>
public sealed record TokenizedDocument(string Id, TokenSplit Split, int[] Tokens);

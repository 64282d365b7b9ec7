namespace Sluice.Contracts;

/// <summary>One split (train or validation) of a <see cref="Tokenized"/> input: its counts and its token shards, in order.</summary>
public sealed record TokenSplitOutput
{
    /// <summary>Tokens in the split, the <c>&lt;|endoftext|&gt;</c> before each document included.</summary>
    public required long TokenCount { get; init; }

    /// <summary>Documents in the split.</summary>
    public required long DocumentCount { get; init; }

    /// <summary>The split's shards in order; empty when the split has no documents.</summary>
    public IReadOnlyList<TokenShardRef> Shards { get; init; } = [];
}

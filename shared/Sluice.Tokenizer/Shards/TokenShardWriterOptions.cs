namespace Sluice.Tokenizer.Shards;

/// <summary>What a <see cref="TokenShardWriter"/> records about the tokens it writes.</summary>
public sealed class TokenShardWriterOptions
{
    /// <summary>The tokenizer's id: lower-case hex SHA-256 (64 characters). Required.</summary>
    public string TokenizerId { get; init; } = "";

    /// <summary>The tokenizer's vocabulary size; ids are stored as uint16 when it is at most 65,536, else uint32. Required.</summary>
    public int VocabularySize { get; init; }

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c>, written before every document. Required, below <see cref="VocabularySize"/>.</summary>
    public int EndOfTextToken { get; init; } = -1;

    /// <summary>The split this shard holds. Default: <see cref="TokenSplit.Unsplit"/>.</summary>
    public TokenSplit Split { get; init; } = TokenSplit.Unsplit;

    /// <summary>The validation fraction the split used, recorded in the header. Default 0.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid property.</summary>
    public void Validate()
    {
        if (TokenizerId.Length != 64 || !TokenizerId.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
        {
            throw new ArgumentException($"TokenizerId must be 64 lower-case hex characters (a SHA-256), got '{TokenizerId}'.", nameof(TokenizerId));
        }

        if (VocabularySize <= 0)
        {
            throw new ArgumentException($"VocabularySize must be positive, got {VocabularySize}.", nameof(VocabularySize));
        }

        if (EndOfTextToken < 0 || EndOfTextToken >= VocabularySize)
        {
            throw new ArgumentException($"EndOfTextToken must be in [0, {VocabularySize}), got {EndOfTextToken}.", nameof(EndOfTextToken));
        }

        if (!Enum.IsDefined(Split))
        {
            throw new ArgumentException($"Split {Split} is not a known split.", nameof(Split));
        }

        if (double.IsNaN(ValidationFraction) || ValidationFraction < 0 || ValidationFraction > 1)
        {
            throw new ArgumentException($"ValidationFraction must be in [0, 1], got {ValidationFraction}.", nameof(ValidationFraction));
        }
    }
}

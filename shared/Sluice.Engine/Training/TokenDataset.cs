using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Training;

/// <summary>
/// The token shards of one tokenizer (docs/token-shards.md): every <c>*.bin</c> under a folder, grouped into the
/// train split (train and unsplit shards) and the validation split by their headers. All shards must name the same
/// tokenizer and vocabulary.
/// </summary>
public sealed class TokenDataset : IDisposable
{
    private TokenDataset(string folder, IReadOnlyList<TokenShardReader> train, IReadOnlyList<TokenShardReader> validation)
    {
        Folder = folder;
        Train = train;
        Validation = validation;
        var first = train[0].Header;
        TokenizerId = first.TokenizerId;
        VocabularySize = first.VocabularySize;
        EndOfTextToken = first.EndOfTextToken;
    }

    /// <summary>The folder the shards were found in.</summary>
    public string Folder { get; }

    /// <summary>Training shards, in path order.</summary>
    public IReadOnlyList<TokenShardReader> Train { get; }

    /// <summary>Validation shards, in path order; may be empty.</summary>
    public IReadOnlyList<TokenShardReader> Validation { get; }

    /// <summary>The tokenizer's id (hex SHA-256), or null for plain llm.c shards.</summary>
    public string? TokenizerId { get; }

    /// <summary>The tokenizer's vocabulary size; 0 when the shards do not say.</summary>
    public int VocabularySize { get; }

    /// <summary>The id of <c>&lt;|endoftext|&gt;</c>; -1 when the shards do not say.</summary>
    public int EndOfTextToken { get; }

    /// <summary>Tokens in the train split.</summary>
    public long TrainTokens => Train.Sum(s => s.TokenCount);

    /// <summary>Tokens in the validation split.</summary>
    public long ValidationTokens => Validation.Sum(s => s.TokenCount);

    /// <summary>Opens every shard under <paramref name="folder"/> (recursively); throws when there is no train shard or the shards disagree.</summary>
    public static TokenDataset Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Token folder {folder} does not exist");
        }

        var readers = new List<TokenShardReader>();
        try
        {
            foreach (var path in Directory.GetFiles(folder, "*.bin", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                readers.Add(TokenShardReader.Open(path));
            }

            if (readers.Count == 0)
            {
                throw new InvalidDataException($"Token folder {folder} holds no token shard (*.bin)");
            }

            var reference = readers[0];
            foreach (var reader in readers)
            {
                if (reader.Header.TokenizerId != reference.Header.TokenizerId || reader.Header.VocabularySize != reference.Header.VocabularySize)
                {
                    throw new InvalidDataException(
                        $"Token shards disagree: {reader.Path} names tokenizer {reader.Header.TokenizerId ?? "(none)"} with {reader.Header.VocabularySize} ids, " +
                        $"{reference.Path} names {reference.Header.TokenizerId ?? "(none)"} with {reference.Header.VocabularySize}");
                }
            }

            var train = readers.Where(r => r.Header.Split != TokenSplit.Validation).ToList();
            var validation = readers.Where(r => r.Header.Split == TokenSplit.Validation).ToList();
            if (train.Count == 0)
            {
                throw new InvalidDataException($"Token folder {folder} holds only validation shards; training needs a train split");
            }

            return new TokenDataset(folder, train, validation);
        }
        catch
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }

            throw;
        }
    }

    /// <summary>Closes every shard.</summary>
    public void Dispose()
    {
        foreach (var reader in Train.Concat(Validation))
        {
            reader.Dispose();
        }
    }
}

using Sluice.Tokenizer.Shards;

namespace Sluice.Engine.Training;

/// <summary>
/// The token shards of one tokenizer (docs/token-shards.md), grouped into the train split (train and unsplit shards)
/// and the validation split by their headers: every <c>*.bin</c> under a folder, an explicit list of files, or
/// weighted groups of files. All shards must name the same tokenizer and vocabulary.
/// </summary>
public sealed class TokenDataset : IDisposable
{
    private TokenDataset(string folder, IReadOnlyList<TokenDatasetGroup> groups, IReadOnlyList<TokenShardReader> validation)
    {
        Folder = folder;
        Groups = groups;
        Train = groups.SelectMany(g => g.Train).ToList();
        Validation = validation;
        var first = Train[0].Header;
        TokenizerId = first.TokenizerId;
        VocabularySize = first.VocabularySize;
        EndOfTextToken = first.EndOfTextToken;
    }

    /// <summary>The folder the shards were found in; for explicit files, the folder of the first one.</summary>
    public string Folder { get; }

    /// <summary>The sampling groups with their train shards and weights; one group for a folder or a plain file list.</summary>
    public IReadOnlyList<TokenDatasetGroup> Groups { get; }

    /// <summary>Training shards, in group then path order.</summary>
    public IReadOnlyList<TokenShardReader> Train { get; }

    /// <summary>Validation shards of every group, in group then path order; may be empty.</summary>
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

        var files = Directory.GetFiles(folder, "*.bin", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"Token folder {folder} holds no token shard (*.bin)");
        }

        return Open([new TokenShardGroup(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), files)], folder);
    }

    /// <summary>Opens the listed shard files as one group, sampled in proportion to their train tokens.</summary>
    public static TokenDataset Open(IEnumerable<string> shardFiles)
    {
        ArgumentNullException.ThrowIfNull(shardFiles);
        var files = shardFiles.ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException("The list of token shard files is empty", nameof(shardFiles));
        }

        return Open([new TokenShardGroup("shards", files)]);
    }

    /// <summary>
    /// Opens groups of shard files sampled by weight (<see cref="TokenShardGroup.Weight"/>); throws when a file is
    /// missing, a group has no train shard, weights are given on some groups only, or the shards disagree.
    /// </summary>
    public static TokenDataset Open(IReadOnlyList<TokenShardGroup> groups) =>
        Open(groups, groups is [{ Files: [var first, ..] }, ..] ? Path.GetDirectoryName(Path.GetFullPath(first)) ?? "." : ".");

    /// <summary>Closes every shard.</summary>
    public void Dispose()
    {
        foreach (var reader in Train.Concat(Validation))
        {
            reader.Dispose();
        }
    }

    private static TokenDataset Open(IReadOnlyList<TokenShardGroup> groups, string folder)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("No token shard group given", nameof(groups));
        }

        var weighted = groups.Count(g => g.Weight is not null);
        if (weighted != 0 && weighted != groups.Count)
        {
            throw new ArgumentException($"Weights are given on {weighted} of {groups.Count} shard groups: give them on all groups or on none (then sampling follows train tokens)", nameof(groups));
        }

        if (groups.FirstOrDefault(g => g.Weight is not null and (<= 0 or double.NaN or double.PositiveInfinity)) is { } bad)
        {
            throw new ArgumentException($"Shard group {bad.Name} has weight {bad.Weight}; weights must be positive and finite", nameof(groups));
        }

        var readers = new List<TokenShardReader>();
        try
        {
            var opened = new List<(TokenShardGroup Group, List<TokenShardReader> Readers)>();
            var heldOut = new HashSet<TokenShardReader>(ReferenceEqualityComparer.Instance);
            foreach (var group in groups)
            {
                if (group.HeldOut.FirstOrDefault(h => !group.Files.Contains(h)) is { } stray)
                {
                    throw new ArgumentException($"Shard group {group.Name} holds out {stray}, which is not one of its files", nameof(groups));
                }

                var groupReaders = new List<TokenShardReader>();
                foreach (var path in group.Files)
                {
                    if (!File.Exists(path))
                    {
                        throw new FileNotFoundException($"Token shard {path} (group {group.Name}) does not exist", path);
                    }

                    var reader = TokenShardReader.Open(path);
                    readers.Add(reader);
                    groupReaders.Add(reader);
                    if (group.HeldOut.Contains(path))
                    {
                        heldOut.Add(reader);
                    }
                }

                opened.Add((group, groupReaders));
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

            var datasetGroups = new List<TokenDatasetGroup>();
            foreach (var (group, groupReaders) in opened)
            {
                var train = groupReaders.Where(r => r.Header.Split != TokenSplit.Validation && !heldOut.Contains(r)).ToList();
                if (train.Count == 0)
                {
                    throw new InvalidDataException(groups.Count == 1
                        ? $"{(folder == "." ? "The token shards" : $"Token folder {folder}")} hold only validation shards; training needs a train split"
                        : $"Shard group {group.Name} holds no train shard");
                }

                datasetGroups.Add(new TokenDatasetGroup(group.Name, train, group.Weight));
            }

            var validation = opened.SelectMany(o => o.Readers).Where(r => r.Header.Split == TokenSplit.Validation || heldOut.Contains(r)).ToList();
            return new TokenDataset(folder, datasetGroups, validation);
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
}

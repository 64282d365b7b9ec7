using System.Security.Cryptography;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Storage;

namespace Sluice.Stages;

/// <summary>
/// What an <see cref="IStageOutput{TOutput, TResult}"/> needs to write one input's outputs: the input and configuration
/// hashes its keys derive from, the footer lineage, and verified puts into the lake.
/// </summary>
public sealed class ShardOutputContext
{
    private readonly IObjectStore lake;

    /// <summary>Creates the context of one run.</summary>
    public ShardOutputContext(IObjectStore lake, string stage, string configHash, StoredObjectRef input)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(input);
        this.lake = lake;
        Stage = stage;
        ConfigHash = configHash;
        Input = input;
        Lineage = new ShardLineage(stage, input.Key, input.Sha256, configHash);
        Sink = new LakeShardSink(lake);
    }

    /// <summary>The stage's name.</summary>
    public string Stage { get; }

    /// <summary>The stage's configuration hash.</summary>
    public string ConfigHash { get; }

    /// <summary>The input shard.</summary>
    public StoredObjectRef Input { get; }

    /// <summary>What every output's footer says it came from.</summary>
    public ShardLineage Lineage { get; }

    /// <summary>Puts finished Parquet shards into the lake, each checked against the hash its writer computed.</summary>
    public IShardSink Sink { get; }

    /// <summary>Checks the lake holds a written shard exactly, and returns the reference an event carries.</summary>
    public Task<StoredObjectRef> VerifyAsync(ShardInfo shard, CancellationToken cancellationToken) => lake.VerifyShardAsync(shard, cancellationToken);

    /// <summary>
    /// Puts a local file into the lake at <paramref name="key"/> and checks the lake then holds exactly its bytes;
    /// returns the reference an event carries, with <paramref name="records"/> as its record count.
    /// </summary>
    public async Task<StoredObjectRef> PutFileAsync(string key, string path, long records, CancellationToken cancellationToken)
    {
        string sha;
        long length;
        await using (var file = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            length = file.Length;
            file.Position = 0;
            await lake.PutAsync(key, file, sha, cancellationToken).ConfigureAwait(false);
        }

        var stored = await lake.GetInfoAsync(key, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.ByteCount != length || (stored.Sha256 is { } storedSha && storedSha != sha))
        {
            throw new ObjectIntegrityException(lake.Description, key,
                $"after writing {length} bytes with SHA-256 {sha} the lake holds {(stored is null ? "nothing" : $"{stored.ByteCount} bytes with SHA-256 {stored.Sha256}")}");
        }

        return new StoredObjectRef { Key = key, Sha256 = sha, ByteCount = length, RecordCount = records };
    }
}

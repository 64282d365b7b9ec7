using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Stages;
using Sluice.Storage;

namespace Sluice.Testing;

/// <summary>
/// A lake in a temporary folder with the <see cref="ShardRunner"/> over it: tests run a stage exactly as a worker does
/// (input spooled and verified, outputs written and verified, rejected documents kept, events built) without a bus.
/// </summary>
public sealed class FolderLake : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sluice-lake-");

    /// <summary>Opens an empty lake.</summary>
    public FolderLake()
    {
        Store = ObjectStore.OpenFolder(folder.FullName);
        Runner = new ShardRunner(Store, TimeProvider.System, new ShardQuarantine(Store, TimeProvider.System, NullLogger<ShardQuarantine>.Instance), NullLogger<ShardRunner>.Instance);
    }

    /// <summary>The lake's folder.</summary>
    public string Path => folder.FullName;

    /// <summary>The object store over the folder.</summary>
    public IObjectStore Store { get; }

    /// <summary>The runner every stage goes through.</summary>
    public ShardRunner Runner { get; }

    /// <summary>The events published by runs in this lake.</summary>
    public CollectedEvents Events { get; } = new();

    /// <summary>The lineage root given to inputs written by <see cref="WriteInputAsync"/>.</summary>
    public static SourceObjectRef TestSource { get; } = new() { Key = "drop/test", Sha256 = new string('e', 64), ByteCount = 1 };

    /// <summary>Writes <paramref name="documents"/> as one document shard at <c>docs/input/&lt;name&gt;.parquet</c> and returns the input the runner reads.</summary>
    public async Task<ShardInput> WriteInputAsync(IEnumerable<Document> documents, string name)
    {
        var lineage = new ShardLineage("test", "drop/" + name, new string('f', 64), new string('0', 64));
        await using var writer = new DocumentShardWriter(new LakeShardSink(Store), lineage, _ => $"docs/input/{name}.parquet", new DocumentShardOptions { TargetShardBytes = long.MaxValue / 4, WriteEmptyShard = true });
        foreach (var document in documents)
        {
            await writer.WriteAsync(document);
        }

        var shard = (await writer.CompleteAsync()).Single();
        return new ShardInput(TestSource, new StoredObjectRef { Key = shard.Key, Sha256 = shard.Sha256, ByteCount = shard.ByteCount, RecordCount = shard.RowCount });
    }

    /// <summary>Runs a stage over one input; the event built is collected in <see cref="Events"/>.</summary>
    public Task<ShardRun<TResult>?> RunAsync<TOutput, TResult>(IShardStage<TOutput> stage, ShardInput input, Func<ShardOutputContext, IStageOutput<TOutput, TResult>> output) =>
        Runner.RunAsync(stage, input, output, run => run, Events, CancellationToken.None);

    /// <summary>The documents of a document shard in the lake.</summary>
    public async Task<List<Document>> ReadDocumentsAsync(string key)
    {
        await using var spool = await Store.SpoolAsync(key, CancellationToken.None) ?? throw new FileNotFoundException(key);
        return DocumentShardReader.ReadDocuments(spool, key).ToList();
    }

    /// <summary>The records of a rejected-records shard in the lake.</summary>
    public async Task<List<RejectedRecord>> ReadRejectedAsync(string key)
    {
        await using var spool = await Store.SpoolAsync(key, CancellationToken.None) ?? throw new FileNotFoundException(key);
        return DocumentShardReader.ReadRejected(spool, key).ToList();
    }

    /// <inheritdoc />
    public void Dispose() => folder.Delete(recursive: true);
}

namespace Sluice.Cli.Embedded;

/// <summary>One stage's output in the embedded run: shards, records, bytes and removals by reason.</summary>
internal sealed class StageTally
{
    private readonly Dictionary<string, long> removed = new(StringComparer.Ordinal);
    private long shards;
    private long records;
    private long bytes;

    public long Shards => Interlocked.Read(ref shards);

    public long Records => Interlocked.Read(ref records);

    public long Bytes => Interlocked.Read(ref bytes);

    public IReadOnlyDictionary<string, long> RemovedByReason
    {
        get
        {
            lock (removed)
            {
                return new SortedDictionary<string, long>(removed, StringComparer.Ordinal);
            }
        }
    }

    public void Add(long shardRecords, long shardBytes, IReadOnlyDictionary<string, long> removedByReason)
    {
        Interlocked.Increment(ref shards);
        Interlocked.Add(ref records, shardRecords);
        Interlocked.Add(ref bytes, shardBytes);
        lock (removed)
        {
            foreach (var (reason, count) in removedByReason)
            {
                removed[reason] = removed.GetValueOrDefault(reason) + count;
            }
        }
    }
}

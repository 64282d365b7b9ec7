using Sluice.Contracts;
using Sluice.Documents;
using Sluice.Parquet;

namespace Sluice.Stages;

/// <summary>
/// The documents of a verified input shard, read once, in order, as the stage asks for them. Counts what was read and
/// remembers each id's row (the locator of a rejected document); a shard that turns out not to be readable becomes a
/// <see cref="ShardInputException"/>, whichever stage is reading it.
/// </summary>
internal sealed class InputShardDocuments(Stream spool, StoredObjectRef input) : IEnumerable<Document>, IDisposable
{
    private readonly Dictionary<string, long> rows = new(StringComparer.Ordinal);
    private IEnumerator<Document>? reader;
    private bool handedOut;

    /// <summary>Documents read so far.</summary>
    public long Read { get; private set; }

    /// <summary>Where a document of this input is: <c>&lt;input key&gt;#row=&lt;n&gt;</c> (its first row when an id repeats).</summary>
    public string Locate(Document document) =>
        rows.TryGetValue(document.Id, out var row) ? $"{input.Key}#row={row}" : input.Key;

    /// <summary>Reads whatever the stage left unread and returns how many documents that was.</summary>
    public long DrainRemaining()
    {
        var before = Read;
        while (Next(out _))
        {
        }

        return Read - before;
    }

    public IEnumerator<Document> GetEnumerator()
    {
        if (handedOut)
        {
            throw new InvalidOperationException($"The documents of {input.Key} can be read once; a stage that needs them twice must keep them.");
        }

        handedOut = true;
        return Enumerate();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => reader?.Dispose();

    private IEnumerator<Document> Enumerate()
    {
        while (Next(out var document))
        {
            yield return document;
        }
    }

    private bool Next(out Document document)
    {
        reader ??= DocumentShardReader.ReadDocuments(spool, input.Key).GetEnumerator();
        try
        {
            if (!reader.MoveNext())
            {
                document = null!;
                return false;
            }
        }
        catch (Exception e) when (e is InvalidDataException or ParquetFormatException)
        {
            throw new ShardInputException(ShardInputReasons.Unreadable, $"{input.Key} is not a readable document shard: {e.Message}", e);
        }

        document = reader.Current;
        rows.TryAdd(document.Id, Read);
        Read++;
        return true;
    }
}

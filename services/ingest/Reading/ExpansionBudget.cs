namespace Sluice.Ingest.Reading;

/// <summary>The archive limits shared by every layer of one dropped object: total expanded bytes and entry count.</summary>
internal sealed class ExpansionBudget(IngestOptions options)
{
    /// <summary>Bytes produced by every decompressor of the object so far.</summary>
    public long ExpandedBytes { get; private set; }

    /// <summary>Archive entries seen so far, all levels.</summary>
    public int Entries { get; private set; }

    public IngestOptions Options { get; } = options;

    /// <summary>Adds <paramref name="bytes"/> of decompressed output; throws <see cref="QuarantineException"/> past the total limit.</summary>
    public void AddExpanded(long bytes)
    {
        ExpandedBytes += bytes;
        if (ExpandedBytes > Options.MaxExpandedBytes)
        {
            throw new QuarantineException(RejectionReasons.SizeLimit,
                $"archives expanded to more than the {Options.MaxExpandedBytes} bytes allowed in total (MaxExpandedBytes)");
        }
    }

    /// <summary>Counts one archive entry; throws <see cref="QuarantineException"/> past the entry limit.</summary>
    public void AddEntry()
    {
        Entries++;
        if (Entries > Options.MaxArchiveEntries)
        {
            throw new QuarantineException(RejectionReasons.TooManyEntries,
                $"the archive holds more than the {Options.MaxArchiveEntries} entries allowed (MaxArchiveEntries)");
        }
    }
}

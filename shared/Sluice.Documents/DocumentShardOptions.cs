namespace Sluice.Documents;

/// <summary>How document and rejected shards are cut and encoded. Validated by <see cref="Validate"/>.</summary>
public sealed class DocumentShardOptions
{
    /// <summary>A shard is closed once its encoded size reaches this many bytes (it may exceed it by one row group). Default 64 MiB; at least 4 KiB.</summary>
    public long TargetShardBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Rows are buffered and encoded one row group at a time, each of about this many text bytes. Default 4 MiB; at least 1 KiB and at most <see cref="TargetShardBytes"/>.</summary>
    public long RowGroupTargetBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Compress column pages with Snappy (true) or store them uncompressed. Default true.</summary>
    public bool Snappy { get; set; } = true;

    /// <summary>Folder for the shard being written (it is spooled to a temporary file there, then handed to the sink). Default: the system temp folder.</summary>
    public string? SpoolFolder { get; set; }

    /// <summary>
    /// Write one shard with no rows when no row was written at all, so every input names an output shard and readers
    /// need no special case for "everything was removed". Default false.
    /// </summary>
    public bool WriteEmptyShard { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid property.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (TargetShardBytes < 4096)
        {
            errors.Add($"TargetShardBytes must be at least 4096 (is {TargetShardBytes}).");
        }

        if (RowGroupTargetBytes < 1024 || RowGroupTargetBytes > Math.Max(TargetShardBytes, 1024))
        {
            errors.Add($"RowGroupTargetBytes must be between 1024 and TargetShardBytes (is {RowGroupTargetBytes}).");
        }

        if (SpoolFolder is not null && !Directory.Exists(SpoolFolder))
        {
            errors.Add($"SpoolFolder '{SpoolFolder}' does not exist.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid document shard options: " + string.Join(" ", errors));
        }
    }
}

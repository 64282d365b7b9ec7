namespace Sluice.Hosting;

/// <summary>Where the lake and drop stores live.</summary>
public enum StorageKind
{
    /// <summary>Local folders (the embedded run).</summary>
    Folder,

    /// <summary>S3 buckets (MinIO, s3rver, AWS).</summary>
    S3,
}

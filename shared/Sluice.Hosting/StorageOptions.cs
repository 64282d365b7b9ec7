using Sluice.Storage;

namespace Sluice.Hosting;

/// <summary>The lake and drop stores, bound from the <c>Storage</c> configuration section (environment: <c>Storage__Kind</c>, …).</summary>
public sealed class StorageOptions : ISluiceOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Storage";

    /// <summary>Folders or S3 buckets. Default <see cref="StorageKind.Folder"/>.</summary>
    public StorageKind Kind { get; set; } = StorageKind.Folder;

    /// <summary>The lake's folder when <see cref="Kind"/> is Folder. Default <c>.sluice/lake</c> (relative to the working folder).</summary>
    public string LakeFolder { get; set; } = Path.Combine(".sluice", "lake");

    /// <summary>The drop folder when <see cref="Kind"/> is Folder. Default <c>.sluice/drop</c>.</summary>
    public string DropFolder { get; set; } = Path.Combine(".sluice", "drop");

    /// <summary>The lake bucket when <see cref="Kind"/> is S3. Default <c>lake</c>.</summary>
    public string LakeBucket { get; set; } = "lake";

    /// <summary>The drop bucket when <see cref="Kind"/> is S3. Default <c>drop</c>.</summary>
    public string DropBucket { get; set; } = "drop";

    /// <summary>The S3 server and credentials when <see cref="Kind"/> is S3 (its <c>Bucket</c> is set from the two above).</summary>
    public S3StoreOptions S3 { get; set; } = new();

    /// <summary>The S3 settings for one of the two buckets.</summary>
    public S3StoreOptions ForBucket(string bucket) => new()
    {
        ServiceUrl = S3.ServiceUrl,
        Region = S3.Region,
        AccessKey = S3.AccessKey,
        SecretKey = S3.SecretKey,
        PartSize = S3.PartSize,
        MultipartThreshold = S3.MultipartThreshold,
        Bucket = bucket,
    };

    /// <summary>Every problem with these settings, empty when they are usable.</summary>
    public IEnumerable<string> FindProblems()
    {
        if (!Enum.IsDefined(Kind))
        {
            yield return $"Storage:Kind '{Kind}' is not one of {string.Join(", ", Enum.GetNames<StorageKind>())}";
            yield break;
        }

        if (Kind == StorageKind.Folder)
        {
            if (string.IsNullOrWhiteSpace(LakeFolder) || string.IsNullOrWhiteSpace(DropFolder))
            {
                yield return "Storage:LakeFolder and Storage:DropFolder are required when Storage:Kind is Folder";
            }

            yield break;
        }

        if (LakeBucket == DropBucket)
        {
            yield return $"Storage:LakeBucket and Storage:DropBucket are both '{LakeBucket}'; drops and the lake need their own buckets";
        }

        foreach (var bucket in new[] { LakeBucket, DropBucket })
        {
            foreach (var problem in OptionsProblems.From("Storage:S3", ForBucket(bucket).Validate))
            {
                yield return problem;
            }
        }
    }
}

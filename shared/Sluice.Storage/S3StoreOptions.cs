using System.ComponentModel.DataAnnotations;

namespace Sluice.Storage;

/// <summary>How to reach one S3 bucket (AWS, MinIO or s3rver). Bound from configuration (e.g. <c>Storage:Lake:S3</c>).</summary>
public sealed class S3StoreOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload (except the last).</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    /// <summary>The server's URL, for example <c>http://127.0.0.1:9000</c> for MinIO. Required; no default.</summary>
    [Required]
    public string ServiceUrl { get; set; } = string.Empty;

    /// <summary>The bucket this store reads and writes. Required; no default.</summary>
    [Required]
    public string Bucket { get; set; } = string.Empty;

    /// <summary>The region requests are signed for. Default <c>us-east-1</c> (what MinIO and s3rver expect).</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>The access key id. Required; no default (credentials come from the environment or an env file).</summary>
    [Required]
    public string AccessKey { get; set; } = string.Empty;

    /// <summary>The secret access key. Required; no default.</summary>
    [Required]
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Objects larger than this many bytes are uploaded in parts. Default 16 MiB; at least <see cref="PartSize"/>.</summary>
    public long MultipartThreshold { get; set; } = 16 * 1024 * 1024;

    /// <summary>The size of each part of a multipart upload. Default 8 MiB; at least 5 MiB (the S3 minimum).</summary>
    public int PartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Throws <see cref="ValidationException"/> naming every setting that is missing or out of range.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"ServiceUrl '{ServiceUrl}' is not an http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(Bucket) || Bucket.Length is < 3 or > 63 || !Bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            problems.Add($"Bucket '{Bucket}' is not a valid bucket name (3 to 63 of a-z, 0-9, '-', '.')");
        }

        if (string.IsNullOrWhiteSpace(Region))
        {
            problems.Add("Region is empty");
        }

        if (string.IsNullOrWhiteSpace(AccessKey) || string.IsNullOrWhiteSpace(SecretKey))
        {
            problems.Add("AccessKey and SecretKey are required");
        }

        if (PartSize < MinimumPartSize)
        {
            problems.Add($"PartSize {PartSize} is below the S3 minimum of {MinimumPartSize}");
        }

        if (MultipartThreshold < PartSize)
        {
            problems.Add($"MultipartThreshold {MultipartThreshold} is below PartSize {PartSize}");
        }

        if (problems.Count > 0)
        {
            throw new ValidationException("Invalid S3 store settings: " + string.Join("; ", problems) + ".");
        }
    }
}

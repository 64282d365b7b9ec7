using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Sluice.Storage;

/// <summary>
/// One S3 bucket. Configured for servers that are not AWS (MinIO, s3rver): path-style addressing, checksums only when
/// required and no aws-chunked bodies, since s3rver stores a chunked body verbatim. Every upload is checked against
/// the server's ETag (MD5, or MD5 of part MD5s), and the SHA-256 is recorded as user metadata and checked on read.
/// Small objects go up in one put, large ones as a multipart upload completed only when every part is verified,
/// so an object is visible complete or not at all.
/// </summary>
internal sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private const string Sha256Metadata = "sha256";
    private readonly S3StoreOptions options;
    private readonly AmazonS3Client client;

    public S3ObjectStore(S3StoreOptions options)
    {
        this.options = options;
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        Description = $"s3://{options.Bucket} at {options.ServiceUrl}";
    }

    public string Description { get; }

    public async Task<ObjectInfo> PutAsync(string key, Stream content, string? expectedSha256 = null, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        var expected = Sha256Hex.Normalize(expectedSha256, nameof(expectedSha256));
        await using var spool = await SpooledContent.ReadAsync(content, options.MultipartThreshold, cancellationToken).ConfigureAwait(false);
        if (expected is not null && expected != spool.Sha256)
        {
            throw new ObjectIntegrityException(Description, key, $"the bytes given have SHA-256 {spool.Sha256}, expected {expected}");
        }

        if (spool.Length <= options.MultipartThreshold)
        {
            await PutWholeAsync(key, spool, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await PutInPartsAsync(key, spool, cancellationToken).ConfigureAwait(false);
        }

        return await GetInfoAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new ObjectIntegrityException(Description, key, "the object is missing right after it was written");
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(options.Bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ObjectNotFoundException(Description, key, e);
        }

        var sha256 = response.Metadata[Sha256Metadata];
        return new VerifyingReadStream(response.ResponseStream, Description, key, response.ContentLength, string.IsNullOrEmpty(sha256) ? null : sha256, response);
    }

    public async Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        try
        {
            var head = await client.GetObjectMetadataAsync(options.Bucket, key, cancellationToken).ConfigureAwait(false);
            var sha256 = head.Metadata[Sha256Metadata];
            return new ObjectInfo
            {
                Key = key,
                ByteCount = head.ContentLength,
                Sha256 = string.IsNullOrEmpty(sha256) ? null : sha256,
                ETag = Unquote(head.ETag),
                LastModified = head.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.MinValue,
            };
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = prefix };
        var found = new List<ObjectInfo>();
        while (true)
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                if (!ObjectKey.IsValid(item.Key))
                {
                    continue;
                }

                // A listing does not carry user metadata; the recorded hash comes from a HEAD per object.
                var info = await GetInfoAsync(item.Key, cancellationToken).ConfigureAwait(false);
                if (info is not null)
                {
                    found.Add(info);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var info in found)
        {
            yield return info;
        }
    }

    public async IAsyncEnumerable<UnaddressableObject> ListUnaddressableAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = options.Bucket, Prefix = prefix };
        while (true)
        {
            var page = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
            {
                if (ObjectKey.Problem(item.Key) is { } problem)
                {
                    yield return new UnaddressableObject(item.Key, problem, item.Size ?? -1);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKey.Validate(key);
        await client.DeleteObjectAsync(options.Bucket, key, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => client.Dispose();

    private static string Unquote(string? etag) => (etag ?? string.Empty).Trim('"');

    private async Task PutWholeAsync(string key, SpooledContent spool, CancellationToken cancellationToken)
    {
        var body = spool.OpenRead();
        await using (body.ConfigureAwait(false))
        {
            var request = new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                UseChunkEncoding = false,
                ContentType = "application/octet-stream",
            };
            request.Metadata.Add(Sha256Metadata, spool.Sha256);
            var response = await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            var etag = Unquote(response.ETag);
            if (!string.Equals(etag, spool.Md5, StringComparison.OrdinalIgnoreCase))
            {
                throw new ObjectIntegrityException(Description, key, $"the server's ETag {etag} is not the MD5 {spool.Md5} of the bytes sent");
            }
        }
    }

    private async Task PutInPartsAsync(string key, SpooledContent spool, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = key, ContentType = "application/octet-stream" };
        initiate.Metadata.Add(Sha256Metadata, spool.Sha256);
        var upload = await client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            var partMd5s = new List<byte[]>();
            var buffer = new byte[options.PartSize];
            var source = spool.OpenRead();
            await using (source.ConfigureAwait(false))
            {
                for (var partNumber = 1; ; partNumber++)
                {
                    var length = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                    if (length == 0)
                    {
                        break;
                    }

                    var md5 = MD5.HashData(buffer.AsSpan(0, length));
                    using var part = new MemoryStream(buffer, 0, length, writable: false);
                    var response = await client.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = options.Bucket,
                            Key = key,
                            UploadId = upload.UploadId,
                            PartNumber = partNumber,
                            PartSize = length,
                            InputStream = part,
                            UseChunkEncoding = false,
                        },
                        cancellationToken).ConfigureAwait(false);
                    var etag = Unquote(response.ETag);
                    if (!string.Equals(etag, Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase))
                    {
                        throw new ObjectIntegrityException(Description, key, $"part {partNumber}: the server's ETag {etag} is not the MD5 of the bytes sent");
                    }

                    parts.Add(new PartETag(partNumber, response.ETag));
                    partMd5s.Add(md5);
                }
            }

            var complete = await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = options.Bucket, Key = key, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken).ConfigureAwait(false);
            // AWS and MinIO answer with the MD5 of the part MD5s and the part count; s3rver with the whole object's MD5.
            var expected = Convert.ToHexStringLower(MD5.HashData(partMd5s.SelectMany(m => m).ToArray())) + "-" + parts.Count;
            var actual = Unquote(complete.ETag);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) && !string.Equals(actual, spool.Md5, StringComparison.OrdinalIgnoreCase))
            {
                await client.DeleteObjectAsync(options.Bucket, key, CancellationToken.None).ConfigureAwait(false);
                throw new ObjectIntegrityException(Description, key, $"the completed upload's ETag {actual} is neither {expected} nor {spool.Md5}; the object was removed");
            }

            return;
        }
        catch (Exception failure)
        {
            try
            {
                await client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = options.Bucket, Key = key, UploadId = upload.UploadId },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (AmazonS3Exception abortFailure)
            {
                // Some servers (s3rver) cannot abort; the unfinished upload stays invisible either way, and the
                // original failure is the one worth reporting.
                throw new AggregateException($"Upload of '{key}' to {Description} failed and could not be aborted.", failure, abortFailure);
            }

            throw;
        }
    }
}

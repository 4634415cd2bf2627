using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace KernelAgent.Store.Backends.S3;

/// <summary>
/// A store in an S3 bucket under a key prefix (<c>s3://bucket/prefix</c>). Each PUT is atomic on S3, so no
/// reader sees part of an object; <see cref="WriteMode.CreateNew"/> is a conditional PUT
/// (If-None-Match: *) that the server refuses with 412 when the key exists, even between racing writers.
/// On AWS, credentials without s3:ListBucket get 403 instead of 404 for a missing key, so a miss then
/// surfaces as <see cref="StoreErrorKind.AccessDenied"/>: grant ListBucket on the prefix to readers.
/// </summary>
internal sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3Location _location;
    private readonly S3StoreOptions _options;
    private readonly S3ErrorMapper _errors;
    private readonly TimeProvider _time;

    internal S3ArtifactStore(Uri location, S3StoreOptions options, IAmazonS3 client, TimeProvider time)
    {
        Location = location;
        _location = S3Location.Parse(location);
        _options = options;
        _client = client;
        _time = time;
        _errors = new S3ErrorMapper(location, _location, options);
    }

    /// <summary>
    /// Opens the store at <paramref name="location"/> (<c>s3://bucket/prefix</c>). Throws
    /// <see cref="ArgumentException"/> for a malformed URL or options; contacts nothing until the first call.
    /// </summary>
    public static S3ArtifactStore Create(Uri location, S3StoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        S3Location.Parse(location);
        options.Validate();
        return new S3ArtifactStore(location, options, S3ClientFactory.Create(options), time ?? TimeProvider.System);
    }

    public Uri Location { get; }

    public bool IsWritable => true;

    /// <summary>Keys per ListObjectsV2 page; S3 returns at most 1000. Smaller only to test paging.</summary>
    internal int ListPageSize { get; set; } = 1000;

    public async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        using var deadline = Deadline(cancellationToken);
        try
        {
            using var response = await _client.GetObjectAsync(_location.Bucket, _location.ObjectKey(key), deadline.Token);
            var length = response.ContentLength is > 0 and <= int.MaxValue ? (int)response.ContentLength : 0;
            using var buffer = new MemoryStream(length);
            await response.ResponseStream.CopyToAsync(buffer, deadline.Token);
            return buffer.ToArray();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.Map(e, key, cancellationToken);
        }
    }

    public StoreObjectLimits Limits { get; internal set; } = StoreObjectLimits.Default;

    public async Task CopyToAsync(string key, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        using var deadline = Deadline(cancellationToken);
        try
        {
            using var response = await _client.GetObjectAsync(_location.Bucket, _location.ObjectKey(key), deadline.Token);
            BoundedCopy.CheckAnnounced(response.ContentLength, maxBytes, Location, key);
            await BoundedCopy.CopyAsync(response.ResponseStream, destination, maxBytes, Location, key, deadline.Token);
        }
        catch (Exception e) when (e is not StoreException && !cancellationToken.IsCancellationRequested)
        {
            throw _errors.Map(e, key, cancellationToken);
        }
    }

    public async ValueTask<string?> VersionAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        using var deadline = Deadline(cancellationToken);
        try
        {
            var head = await _client.GetObjectMetadataAsync(_location.Bucket, _location.ObjectKey(key), deadline.Token);
            return string.IsNullOrEmpty(head.ETag)
                ? null
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{head.ETag}:{head.ContentLength}:{head.LastModified?.Ticks}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.Map(e, key, cancellationToken);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _client.GetObjectMetadataAsync(_location.Bucket, _location.ObjectKey(key), deadline.Token);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD answer has no body, so "no such key" and "no such bucket" look alike: ask the bucket.
            return await BucketExistsAsync(key, deadline.Token, cancellationToken)
                ? false
                : throw _errors.MissingBucket(key, e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.Map(e, key, cancellationToken);
        }
    }

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken)
    {
        StoreKeys.Validate(Location, key);
        var bytes = MemoryMarshal.TryGetArray(content, out var segment)
            ? segment
            : new ArraySegment<byte>(content.ToArray());
        using var body = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _location.Bucket,
            Key = _location.ObjectKey(key),
            InputStream = body,
            AutoCloseStream = false,
            ContentType = "application/octet-stream",
            // RFC 9110 section 13.1.2: "*" fails the request when any current representation exists.
            IfNoneMatch = mode == WriteMode.CreateNew ? "*" : null,
        };
        using var deadline = Deadline(cancellationToken);
        try
        {
            await _client.PutObjectAsync(request, deadline.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.Map(e, key, cancellationToken);
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Length > 0)
        {
            StoreKeys.Validate(Location, trimmed);
        }

        var request = new ListObjectsV2Request
        {
            BucketName = _location.Bucket,
            Prefix = _location.ObjectKey(prefix),
            MaxKeys = ListPageSize,
        };
        do
        {
            var page = await ListPageAsync(request, prefix, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return _location.StoreKey(item.Key);
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public void Dispose() => _client.Dispose();

    private async Task<ListObjectsV2Response> ListPageAsync(ListObjectsV2Request request, string prefix, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        try
        {
            return await _client.ListObjectsV2Async(request, deadline.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw _errors.Map(e, prefix, cancellationToken);
        }
    }

    private async Task<bool> BucketExistsAsync(string key, CancellationToken timeoutToken, CancellationToken callerToken)
    {
        try
        {
            await _client.HeadBucketAsync(new HeadBucketRequest { BucketName = _location.Bucket }, timeoutToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            // Read-only credentials may lack s3:ListBucket, which HEAD bucket needs: then the key is missing.
            return true;
        }
        catch (Exception e) when (!callerToken.IsCancellationRequested)
        {
            throw _errors.Map(e, key, callerToken);
        }
    }

    private OperationDeadline Deadline(CancellationToken cancellationToken) =>
        new(_options.OperationTimeout, _time, cancellationToken);
}

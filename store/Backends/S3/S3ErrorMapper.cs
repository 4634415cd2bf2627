using System.Net;
using Amazon.Runtime;
using KernelAgent.Store.Backends.Http;

namespace KernelAgent.Store.Backends.S3;

/// <summary>
/// Turns what the AWS SDK throws into a <see cref="StoreException"/> whose detail repeats what the server
/// said (HTTP status, S3 error code, message, request id) so an operator can look it up server-side.
/// Error codes: docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
/// </summary>
internal sealed class S3ErrorMapper(Uri store, S3Location location, S3StoreOptions options)
{
    public StoreException Map(Exception exception, string? key, CancellationToken callerToken)
    {
        if (FindServiceError(exception) is { } service)
        {
            return FromService(service, key);
        }

        if (TransportFailures.Find(exception, callerToken) is { } transport)
        {
            return new StoreException(StoreErrorKind.Unreachable, store, key,
                $"cannot reach {Endpoint} ({TransportFailures.Describe(transport)}; connect timeout {Seconds(options.ConnectTimeout)}, "
                + $"request timeout {Seconds(options.RequestTimeout)}, operation timeout {Seconds(options.OperationTimeout)}, "
                + $"{options.MaxErrorRetry} retries)", exception);
        }

        return new StoreException(StoreErrorKind.Failed, store, key,
            $"S3 request to {Endpoint} failed: {exception.GetType().Name}: {exception.Message}", exception);
    }

    /// <summary>The error for a bucket that a HEAD request found missing (HEAD answers carry no error code).</summary>
    public StoreException MissingBucket(string? key, Exception? inner) =>
        new(StoreErrorKind.NotFound, store, key, $"the bucket '{location.Bucket}' does not exist at {Endpoint}", inner);

    private string Endpoint => options.ServiceUrl?.ToString() ?? $"AWS S3 ({options.Region ?? "default region"})";

    private StoreException FromService(AmazonServiceException error, string? key)
    {
        var code = error.ErrorCode ?? string.Empty;
        var said = Said(error);
        var (kind, detail) = (error.StatusCode, code) switch
        {
            (_, "NoSuchBucket") => (StoreErrorKind.NotFound, $"the bucket '{location.Bucket}' does not exist ({said})"),
            (HttpStatusCode.NotFound, _) or (_, "NoSuchKey") => (StoreErrorKind.NotFound, $"no such object '{location.ObjectKey(key ?? string.Empty)}' ({said})"),
            (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, _)
                or (_, "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch") =>
                (StoreErrorKind.AccessDenied, $"the credentials were refused for bucket '{location.Bucket}' ({said})"),
            (HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict, _) =>
                (StoreErrorKind.Conflict, $"the object already exists or changed concurrently ({said})"),
            _ => (StoreErrorKind.Failed, $"the server refused the request ({said})"),
        };
        return new StoreException(kind, store, key, detail, error);
    }

    private static AmazonServiceException? FindServiceError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // A status of 0 means the SDK never got an answer: that is a transport failure, not the server's word.
            if (e is AmazonServiceException service && service.StatusCode != 0)
            {
                return service;
            }
        }

        return null;
    }

    private string Said(AmazonServiceException error)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? "no error code" : error.ErrorCode;
        var message = string.IsNullOrEmpty(error.Message) ? string.Empty : $": {error.Message}";
        var requestId = string.IsNullOrEmpty(error.RequestId) ? string.Empty : $", request id {error.RequestId}";
        return $"{Endpoint} answered HTTP {(int)error.StatusCode} {code}{message}{requestId}";
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";
}

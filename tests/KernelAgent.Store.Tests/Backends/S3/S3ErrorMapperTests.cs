using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Store.Tests.Backends.S3;

public sealed class S3ErrorMapperTests
{
    private static readonly Uri Store = new("s3://kernel-modules/prod");

    private static readonly S3ErrorMapper Mapper = new(Store, S3Location.Parse(Store),
        new S3StoreOptions { ServiceUrl = new Uri("http://127.0.0.1:7480") });

    private static AmazonS3Exception ServerSaid(HttpStatusCode status, string code, string message = "the server's words") =>
        new(message, null, ErrorType.Sender, code, "tx-0001", status);

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "NoSuchKey", StoreErrorKind.NotFound)]
    [InlineData(HttpStatusCode.NotFound, "NotFound", StoreErrorKind.NotFound)]
    [InlineData(HttpStatusCode.NotFound, "NoSuchBucket", StoreErrorKind.NotFound)]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", StoreErrorKind.AccessDenied)]
    [InlineData(HttpStatusCode.Forbidden, "InvalidAccessKeyId", StoreErrorKind.AccessDenied)]
    [InlineData(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", StoreErrorKind.AccessDenied)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidAccessKeyId", StoreErrorKind.AccessDenied)]
    [InlineData(HttpStatusCode.PreconditionFailed, "PreconditionFailed", StoreErrorKind.Conflict)]
    [InlineData(HttpStatusCode.Conflict, "ConditionalRequestConflict", StoreErrorKind.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", StoreErrorKind.Failed)]
    [InlineData(HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch", StoreErrorKind.Failed)]
    public void Map_ServerError_GivesKindAndRepeatsWhatServerSaid(HttpStatusCode status, string code, StoreErrorKind expected)
    {
        var error = Mapper.Map(ServerSaid(status, code), "v1/a.ko", CancellationToken.None);

        Assert.Equal(expected, error.Kind);
        Assert.Equal("v1/a.ko", error.Key);
        Assert.Contains($"HTTP {(int)status} {code}: the server's words", error.Detail, StringComparison.Ordinal);
        Assert.Contains("tx-0001", error.Detail, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:7480", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_NoSuchBucket_SaysWhichBucketIsMissing()
    {
        var error = Mapper.Map(ServerSaid(HttpStatusCode.NotFound, "NoSuchBucket"), "v1/a.ko", CancellationToken.None);

        Assert.Contains("the bucket 'kernel-modules' does not exist", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_NoSuchKey_NamesObjectKeyWithPrefix()
    {
        var error = Mapper.Map(ServerSaid(HttpStatusCode.NotFound, "NoSuchKey"), "v1/a.ko", CancellationToken.None);

        Assert.Contains("'prod/v1/a.ko'", error.Detail, StringComparison.Ordinal);
        Assert.Contains("'v1/a.ko'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Exception> TransportFailures() => new()
    {
        new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new SocketException((int)SocketError.HostNotFound),
        new TaskCanceledException("timed out", new TimeoutException()),
        new AmazonServiceException("send failed", new HttpRequestException("reset")),
        new AmazonClientException("wrapped", new IOException("x", new SocketException((int)SocketError.ConnectionReset))),
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public void Map_TransportFailure_GivesUnreachableWithLimits(Exception failure)
    {
        var error = Mapper.Map(failure, "v1/a.ko", CancellationToken.None);

        Assert.Equal(StoreErrorKind.Unreachable, error.Kind);
        Assert.Contains("cannot reach http://127.0.0.1:7480", error.Detail, StringComparison.Ordinal);
        Assert.Contains("connect timeout 5 s", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_CancellationTheCallerAskedFor_IsNotCalledUnreachable()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var error = Mapper.Map(new OperationCanceledException(cancelled.Token), "v1/a.ko", cancelled.Token);

        Assert.NotEqual(StoreErrorKind.Unreachable, error.Kind);
    }

    [Fact]
    public void Map_UnknownClientError_GivesFailedWithMessage()
    {
        var error = Mapper.Map(new AmazonClientException("no credentials found in the chain"), "v1/a.ko", CancellationToken.None);

        Assert.Equal(StoreErrorKind.Failed, error.Kind);
        Assert.Contains("no credentials found in the chain", error.Detail, StringComparison.Ordinal);
    }
}

using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>
/// Request bodies protobuf cannot parse, sent as raw bytes over real HTTP/2: INVALID_ARGUMENT naming the problem,
/// never UNKNOWN, for unary and streaming methods alike, and the farm serves on.
/// </summary>
public sealed class UnparsableRequestTests
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);

    /// <summary>Bodies by name: a string field with invalid UTF-8, a length running past the end, a wire type 7, random bytes.</summary>
    public static TheoryData<string, string> Bodies => new()
    {
        { "invalid UTF-8 in variant.distro_id", "0a-04-0a-02-ff-fe" },
        { "length past the end", "0a-7f-0a-02-61" },
        { "invalid wire type", "0f-01-02-03" },
        { "garbage", "ff-ff-ff-ff-ff-ff-ff-ff-ff-ff-01" },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Bodies))]
    public async Task UnaryAndStreamingCalls_BodyThatDoesNotParse_AreInvalidArgument(string name, string hex)
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        using var channel = GrpcChannel.ForAddress(farm.GrpcAddress);
        var body = Convert.FromHexString(hex.Replace("-", "", StringComparison.Ordinal));

        var resolve = await Assert.ThrowsAsync<RpcException>(
            () => channel.CreateCallInvoker().AsyncUnaryCall(Method(MethodType.Unary, "Resolve"), null, new CallOptions(cancellationToken: token), body).ResponseAsync);
        var report = await Assert.ThrowsAsync<RpcException>(
            () => channel.CreateCallInvoker().AsyncUnaryCall(Method(MethodType.Unary, "ReportDemand"), null, new CallOptions(cancellationToken: token), body).ResponseAsync);
        using var build = channel.CreateCallInvoker().AsyncServerStreamingCall(Method(MethodType.ServerStreaming, "Build"), null, new CallOptions(cancellationToken: token), body);
        var stream = await Assert.ThrowsAsync<RpcException>(() => build.ResponseStream.MoveNext(token));

        foreach (var error in new[] { resolve, report, stream })
        {
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: {error.Status}");
            Assert.Contains("the request body is not a", Assert.Single(RpcDetails.Unpack<BadRequest>(error).FieldViolations).Description, StringComparison.Ordinal);
        }

        Assert.False((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
    }

    /// <summary>A method of the farm's service that sends and receives raw bytes.</summary>
    internal static Method<byte[], byte[]> Method(MethodType type, string name) => new(type, "kernelagent.v1.BuildFarm", name, Raw, Raw);
}

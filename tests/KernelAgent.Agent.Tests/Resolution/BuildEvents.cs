using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using KernelAgent.Protocol.V1;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>Build events and farm errors as the farm sends them.</summary>
internal static class BuildEvents
{
    public const string StoreUrl = "file:///srv/kernel-agent/store/";

    public static BuildEvent Queued(string id, long sequence) =>
        new() { BuildId = id, Sequence = sequence, State = BuildState.Queued, Queued = new() { Position = 0 } };

    public static BuildEvent Fetching(string id, long sequence) => new()
    {
        BuildId = id, Sequence = sequence, State = BuildState.FetchingHeaders,
        FetchingHeaders = new() { Package = "linux-headers-6.1.0-56-amd64", BytesDone = 10, BytesTotal = 10 },
    };

    public static BuildEvent Compiling(string id, long sequence) =>
        new() { BuildId = id, Sequence = sequence, State = BuildState.Compiling, Compiling = new() { Compiler = "gcc-12" } };

    public static BuildEvent Succeeded(string id, long sequence) => new()
    {
        BuildId = id, Sequence = sequence, State = BuildState.Succeeded,
        Succeeded = new() { Artifact = new ArtifactRef { StoreUrl = StoreUrl, ModuleDigest = new string('c', 64) } },
    };

    public static BuildEvent Failed(string id, long sequence, FailureReason reason, string message) => new()
    {
        BuildId = id, Sequence = sequence, State = BuildState.Failed, Failed = new() { Reason = reason, Message = message },
    };

    /// <summary>An error carrying google.rpc.RetryInfo, as the farm sends with RESOURCE_EXHAUSTED and UNAVAILABLE.</summary>
    public static RpcException WithRetryInfo(Code code, string message, TimeSpan retryAfter) => new Google.Rpc.Status
    {
        Code = (int)code,
        Message = message,
        Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
    }.ToRpcException();
}

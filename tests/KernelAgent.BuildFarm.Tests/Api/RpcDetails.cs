using Google.Protobuf;
using Grpc.Core;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>The google.rpc detail of one type that an error carries (google/rpc/error_details.proto).</summary>
internal static class RpcDetails
{
    public static T Unpack<T>(RpcException error)
        where T : class, IMessage<T>, new()
    {
        var status = error.GetRpcStatus() ?? throw new Xunit.Sdk.XunitException($"{error.StatusCode} carries no google.rpc.Status: {error.Status.Detail}");
        return status.GetDetail<T>() ?? throw new Xunit.Sdk.XunitException($"{error.StatusCode} carries no {typeof(T).Name}: {error.Status.Detail}");
    }
}

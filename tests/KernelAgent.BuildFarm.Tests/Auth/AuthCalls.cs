using Google.Rpc;
using Grpc.Core;
using KernelAgent.BuildFarm.Tests.Api;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;
using FarmClient = KernelAgent.Protocol.V1.BuildFarm.BuildFarmClient;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>Every BuildFarm RPC as one call each, and the refusal checks the auth tests share.</summary>
internal static class AuthCalls
{
    public static IReadOnlyList<(string Method, Func<Task> Call)> Every(FarmClient client, string buildId, CancellationToken token) =>
    [
        ("Resolve", async () => await client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)),
        ("Build", async () => await Drain(client.Build(TestVariants.Build(TestVariants.Debian(90)), cancellationToken: token), token)),
        ("WatchBuild", async () => await Drain(client.WatchBuild(new WatchBuildRequest { BuildId = buildId }, cancellationToken: token), token)),
        ("GetBuild", async () => await client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token)),
        ("ListBuilds", async () => await client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)),
        ("CancelBuild", async () => await client.CancelBuildAsync(new CancelBuildRequest { BuildId = buildId, Reason = "test" }, cancellationToken: token)),
        ("ReportDemand", async () => await client.ReportDemandAsync(Demand("claimed-host"), cancellationToken: token)),
    ];

    /// <summary>Reads a stream to its end; its error, if any, is thrown.</summary>
    public static async Task<BuildStream> Drain(AsyncServerStreamingCall<BuildEvent> call, CancellationToken token)
    {
        var stream = await BuildStreams.ReadAllAsync(call, token);
        return stream.Error is { } error ? throw error : stream;
    }

    public static ReportDemandRequest Demand(string host)
    {
        var request = new ReportDemandRequest { HostId = host };
        request.MissedKernels.Add(ProtocolMapping.ToProto(
            new KernelIdentity("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)")));
        return request;
    }

    /// <summary>Asserts the call fails with <paramref name="code"/> and, for PERMISSION_DENIED, that ErrorInfo names <paramref name="rule"/>.</summary>
    public static async Task<RpcException> RefusedAsync(string method, Func<Task> call, StatusCode code, string? rule = null)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(error.StatusCode == code, $"{method}: expected {code}, got {error.StatusCode}: {error.Status.Detail}");
        if (rule is not null)
        {
            Assert.Equal(rule, RpcDetails.Unpack<ErrorInfo>(error).Metadata["rule"]);
            Assert.Contains($"'{rule}'", error.Status.Detail, StringComparison.Ordinal);
        }

        return error;
    }
}

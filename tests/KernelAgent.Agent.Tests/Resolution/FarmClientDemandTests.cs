using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using KernelAgent.Agent.Resolution;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>ReportDemand of the farm client against a real gRPC server in this process.</summary>
public sealed class FarmClientDemandTests : IAsyncLifetime
{
    private static readonly KernelIdentity Installed = TestModules.Kernel with { KernelRelease = "6.1.0-57-amd64", KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.194-1 (2026-11-30)" };

    private readonly SynchronizedLogger<FarmClient> _log = new();
    private InProcessFarm _farm = null!;

    public async ValueTask InitializeAsync() => _farm = await InProcessFarm.StartAsync();

    public async ValueTask DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task ReportDemandAsync_FarmTakesIt_SendsEveryKernelAndReturnsWhatTheFarmRecorded()
    {
        ReportDemandRequest? received = null;
        _farm.Script.OnReportDemand = (request, _) =>
        {
            received = request;
            return Task.FromResult(new ReportDemandResponse { RecordedKernels = 2 });
        };

        var recorded = await Client().ReportDemandAsync("host-1", [Installed], [TestModules.Kernel], TestContext.Current.CancellationToken);

        Assert.Equal(2, recorded);
        Assert.Equal("host-1", received!.HostId);
        Assert.Equal([ProtocolMapping.ToProto(Installed)], received.InstalledKernels);
        Assert.Equal([ProtocolMapping.ToProto(TestModules.Kernel)], received.MissedKernels);
    }

    [Fact]
    public async Task ReportDemandAsync_FarmRefusesFields_ThrowsNamingEachField()
    {
        _farm.Script.OnReportDemand = (_, _) => throw new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = "bad report",
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations =
                    {
                        new BadRequest.Types.FieldViolation { Field = "host_id", Description = "must be 1..128 printable characters" },
                        new BadRequest.Types.FieldViolation { Field = "installed_kernels[0].arch", Description = "is not a supported machine" },
                    },
                }),
            },
        }.ToRpcException();

        var error = await Assert.ThrowsAsync<DemandReportException>(() => Report(Client()));

        Assert.Equal(
            $"the build farm at {_farm.Address} refused the demand report: host_id must be 1..128 printable characters; installed_kernels[0].arch is not a supported machine",
            error.Message);
    }

    [Fact]
    public async Task ReportDemandAsync_NoAnswerWithinTheCallTimeout_ThrowsNamingTheTimeout()
    {
        _farm.Script.OnReportDemand = async (_, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return new ReportDemandResponse();
        };

        var error = await Assert.ThrowsAsync<DemandReportException>(() => Report(Client(TimeSpan.FromMilliseconds(300))));

        Assert.Equal($"the build farm at {_farm.Address} did not answer the demand report within 00:00:00.3000000", error.Message);
    }

    [Fact]
    public async Task ReportDemandAsync_Unavailable_ThrowsWithoutRetrying()
    {
        _farm.Script.OnReportDemand = (_, _) => throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "draining"));

        var error = await Assert.ThrowsAsync<DemandReportException>(() => Report(Client()));

        Assert.Equal($"the build farm at {_farm.Address} did not take the demand report (Unavailable): draining", error.Message);
        Assert.Equal(["ReportDemand host-1"], _farm.Script.Calls);
    }

    [Fact]
    public async Task ReportDemandAsync_NoFarmConfigured_Throws()
    {
        var client = new FarmClient(null, new FarmClientOptions(), new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), TimeProvider.System, _log);

        var error = await Assert.ThrowsAsync<DemandReportException>(() => Report(client));

        Assert.Equal("no build farm is configured", error.Message);
    }

    private static Task<int> Report(FarmClient client) =>
        client.ReportDemandAsync("host-1", [Installed], [], TestContext.Current.CancellationToken);

    private FarmClient Client(TimeSpan? callTimeout = null)
    {
        var options = new FarmClientOptions { Address = _farm.Address, CallTimeout = callTimeout ?? TimeSpan.FromSeconds(30) };
        return new FarmClient(FarmClient.CreateClient(options), options, new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), TimeProvider.System, _log);
    }
}

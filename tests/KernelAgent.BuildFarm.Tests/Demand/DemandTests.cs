using Grpc.Core;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Tests.Matrix;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Demand;

public sealed class DemandTests : IDisposable
{
    private static readonly KernelIdentity Installed = new("debian", "12", "x86_64", "6.1.0-50-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.180-1 (2026-06-01)");
    private static readonly KernelIdentity Running = new("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)");

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Read_ReportsOverSeveralFlushes_CountsDistinctHostsPerKernel()
    {
        var recorder = Recorder(_store.Store);
        Assert.Equal(2, recorder.Record("host-a", [Installed], [Running]));
        await recorder.FlushAsync(CancellationToken.None);
        recorder.Record("host-b", [Installed], []);
        recorder.Record("host-a", [Installed], []);
        await recorder.FlushAsync(CancellationToken.None);
        await recorder.FlushAsync(CancellationToken.None);

        var demand = await new DemandReader(_store.Store, TimeProvider.System).ReadAsync(14, CancellationToken.None);

        Assert.Equal(2, (await _store.KeysAsync("private/demand/")).Count);
        Assert.Equal((2, false), demand.Where(d => d.Kernel == Installed).Select(d => (d.Hosts, d.Missed)).Single());
        Assert.Equal((1, true), demand.Where(d => d.Kernel == Running).Select(d => (d.Hosts, d.Missed)).Single());
    }

    [Fact]
    public async Task Flush_StoreRefuses_KeepsTheDemandForTheNextFlush()
    {
        using var readOnly = new ReadOnlyStore(_store.Store);
        var recorder = Recorder(readOnly);
        recorder.Record("host-a", [Installed], []);

        await Assert.ThrowsAsync<StoreException>(() => recorder.FlushAsync(CancellationToken.None));
        readOnly.Writable = true;
        await recorder.FlushAsync(CancellationToken.None);

        Assert.Single(await _store.KeysAsync("private/demand/"));
    }

    [Fact]
    public void Validate_BadReport_NamesEveryBadField()
    {
        var request = new ReportDemandRequest { HostId = "" };
        request.InstalledKernels.Add(new KernelVariant { DistroId = "debian", DistroVersionId = "12", Arch = "sparc", KernelRelease = "6.1.0-56-amd64", KernelVersion = "#1" });
        request.MissedKernels.Add(new KernelVariant { DistroId = "debian", DistroVersionId = "12", Arch = "x86_64", KernelRelease = "../x", KernelVersion = "#1" });

        var error = Assert.Throws<RpcException>(() => DemandRequestValidator.Validate(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["host_id", "installed_kernels[0].arch", "missed_kernels[0].kernel_release"], fields);
    }

    [Fact]
    public void Validate_GoodReport_ReturnsTheKernels()
    {
        var request = new ReportDemandRequest { HostId = "3f2a" };
        request.InstalledKernels.Add(ProtocolMapping.ToProto(Installed));

        var (host, installed, missed) = DemandRequestValidator.Validate(request);

        Assert.Equal(("3f2a", Installed, 0), (host, Assert.Single(installed), missed.Count));
    }

    private static DemandRecorder Recorder(IArtifactStore store) =>
        new(store, Options.Create(new DemandOptions()), TimeProvider.System, NullLogger<DemandRecorder>.Instance);

    /// <summary>Refuses writes until told otherwise.</summary>
    private sealed class ReadOnlyStore(IArtifactStore inner) : IArtifactStore
    {
        public bool Writable { get; set; }

        public Uri Location => inner.Location;

        public bool IsWritable => Writable;

        public Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken) => inner.ReadAsync(key, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

        public Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken) =>
            Writable ? inner.WriteAsync(key, content, mode, cancellationToken) : throw new StoreException(StoreErrorKind.ReadOnly, Location, key, "read-only for the test");

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public void Dispose()
        {
        }
    }
}

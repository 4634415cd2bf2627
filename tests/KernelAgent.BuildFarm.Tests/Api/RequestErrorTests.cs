using Google.Rpc;
using Grpc.Core;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>Each kind of bad request gets the status code gRPC users expect and a google.rpc detail that names the problem.</summary>
public sealed class RequestErrorTests : IAsyncLifetime
{
    private InProcessFarm? _farm;

    private InProcessFarm Farm => _farm ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() =>
        _farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "1", ["Builds:QueueLimit"] = "1" });

    public async ValueTask DisposeAsync()
    {
        if (_farm is not null)
        {
            await _farm.DisposeAsync();
        }
    }

    /// <summary>A mutation of a valid request, by name (theory data stays readable), and the field path the farm must name.</summary>
    public static TheoryData<string, string> InvalidFields => new()
    {
        { "no variant", "variant" },
        { "no driver", "driver" },
        { "distro_id ../x", "variant.distro_id" },
        { "distro_version_id empty", "variant.distro_version_id" },
        { "arch sparc64", "variant.arch" },
        { "kernel_release with /", "variant.kernel_release" },
        { "kernel_version with a newline", "variant.kernel_version" },
        { "kernel_version .", "variant.kernel_version" },
        { "kernel_version ..", "variant.kernel_version" },
        { "kernel_release ..", "variant.kernel_release" },
        { "distro_version_id .", "variant.distro_version_id" },
        { "driver name Bad/Name", "driver.name" },
        { "driver version empty", "driver.version" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(InvalidFields))]
    public async Task Build_InvalidField_IsInvalidArgumentNamingTheField(string mutation, string field)
    {
        var token = TestContext.Current.CancellationToken;
        var request = TestVariants.Build();
        Mutate(mutation, request);

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(request, cancellationToken: token), token);

        Assert.Empty(stream.Events);
        AssertViolation(stream.Error, field);
        Assert.Equal(0, Farm.Service<FakeModuleBuilder>().Builds);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(InvalidFields))]
    public async Task Resolve_InvalidField_IsInvalidArgumentNamingTheField(string mutation, string field)
    {
        var token = TestContext.Current.CancellationToken;
        var build = TestVariants.Build();
        Mutate(mutation, build);

        var error = await Assert.ThrowsAsync<RpcException>(() => Farm.Client.ResolveAsync(new ResolveRequest { Variant = build.Variant, Driver = build.Driver }, cancellationToken: token).ResponseAsync);

        AssertViolation(error, field);
    }

    [Fact(Timeout = 30_000)]
    public async Task Build_SeveralInvalidFields_NamesEveryOneAtOnce()
    {
        var token = TestContext.Current.CancellationToken;
        var request = TestVariants.Build();
        request.Variant.DistroId = "../x";
        request.Variant.Arch = "sparc64";
        request.RequestedBy = "host\u0007";

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(request, cancellationToken: token), token);

        Assert.Equal(StatusCode.InvalidArgument, stream.Error?.StatusCode);
        Assert.Equal(
            ["requested_by", "variant.arch", "variant.distro_id"],
            RpcDetails.Unpack<BadRequest>(stream.Error!).FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task BuildAndResolve_UnregisteredDriver_AreNotFoundNamingTheDriver()
    {
        var token = TestContext.Current.CancellationToken;
        var build = TestVariants.Build();
        build.Driver = new DriverRef { Name = "not_registered", Version = "1.0.0" };

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(build, cancellationToken: token), token);
        var resolve = await Assert.ThrowsAsync<RpcException>(() => Farm.Client.ResolveAsync(new ResolveRequest { Variant = build.Variant, Driver = build.Driver }, cancellationToken: token).ResponseAsync);

        foreach (var error in new[] { stream.Error, resolve })
        {
            Assert.Equal(StatusCode.NotFound, error?.StatusCode);
            var resource = RpcDetails.Unpack<ResourceInfo>(error!);
            Assert.Equal("driver", resource.ResourceType);
            Assert.Equal("not_registered@1.0.0", resource.ResourceName);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Build_DistributionWithoutHeaderSource_IsFailedPreconditionBeforeAnyBuild()
    {
        var token = TestContext.Current.CancellationToken;
        var request = TestVariants.Build();
        request.Variant.DistroId = "gentoo";

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(request, cancellationToken: token), token);

        Assert.Empty(stream.Events);
        Assert.Equal(StatusCode.FailedPrecondition, stream.Error?.StatusCode);
        var violation = Assert.Single(RpcDetails.Unpack<PreconditionFailure>(stream.Error!).Violations);
        Assert.Equal("UNSUPPORTED_DISTRO", violation.Type);
        Assert.Equal("gentoo", violation.Subject);
        Assert.Empty((await Farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("#1 SMP PREEMPT_DYNAMIC (2026-10-30)", "variant.kernel_version", "names no Debian package version")]
    [InlineData("#1 SMP PREEMPT_DYNAMIC Debian 5.10.223-1 (2026-10-30)", "variant.kernel_version", "does not belong to kernel release")]
    public async Task Build_DebianBuildStringNamingNoExactBuild_IsInvalidArgumentBeforeAnyBuild(string buildString, string field, string problem)
    {
        var token = TestContext.Current.CancellationToken;
        var request = TestVariants.Build();
        request.Variant.KernelVersion = buildString;

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(request, cancellationToken: token), token);

        Assert.Empty(stream.Events);
        Assert.Equal(StatusCode.InvalidArgument, stream.Error?.StatusCode);
        var violation = Assert.Single(RpcDetails.Unpack<BadRequest>(stream.Error!).FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(problem, violation.Description, StringComparison.Ordinal);
        Assert.Empty((await Farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds);
    }

    /// <summary>Variants the issue found built and published although no such kernel exists, one per distribution family.</summary>
    public static TheoryData<string, string, string, string, string> KernelsThatDoNotExist => new()
    {
        { "debian", "windows", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "not a Debian VERSION_ID" },
        { "debian", "-1", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "not a Debian VERSION_ID" },
        { "debian", "NaN", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "not a Debian VERSION_ID" },
        { "debian", "13", "6.1.0-30-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.124-1+deb12u1 (2025-01-12)", "belongs to Debian 12" },
        { "debian", "12", "6.12.57+deb13-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.57-1 (2025-11-05)", "belongs to Debian 13" },
        { "ubuntu", "windows", "5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", "no Ubuntu release" },
        { "ubuntu", "24.04", "6.5.0-14-generic", "#14~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov 20 18:15:30 UTC 2", "backport to Ubuntu 22.04" },
        { "rhel", "8", "5.14.0-362.8.1.el9_3.x86_64", "#1 SMP PREEMPT_DYNAMIC Fri Oct 6 12:00:00 EDT 2023", "el9" },
        { "amzn", "2", "6.1.102-111.182.amzn2023.x86_64", "#1 SMP PREEMPT_DYNAMIC Mon Jul 29 18:00:00 UTC 2024", "Amazon Linux 2023" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(KernelsThatDoNotExist))]
    public async Task Build_DistributionVersionTheKernelCannotBelongTo_IsInvalidArgumentBeforeAnyBuild(
        string distro, string versionId, string release, string buildString, string problem)
    {
        var token = TestContext.Current.CancellationToken;
        var request = TestVariants.Build();
        (request.Variant.DistroId, request.Variant.DistroVersionId, request.Variant.KernelRelease, request.Variant.KernelVersion) = (distro, versionId, release, buildString);

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(request, cancellationToken: token), token);

        Assert.Empty(stream.Events);
        Assert.Equal(StatusCode.InvalidArgument, stream.Error?.StatusCode);
        var violation = Assert.Single(RpcDetails.Unpack<BadRequest>(stream.Error!).FieldViolations);
        Assert.Equal("variant.distro_version_id", violation.Field);
        Assert.Contains(problem, violation.Description, StringComparison.Ordinal);
        Assert.Empty((await Farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds);
    }

    [Fact(Timeout = 30_000)]
    public async Task Build_QueueFull_IsResourceExhaustedWithRetryInfo()
    {
        var token = TestContext.Current.CancellationToken;
        var (running, _, queued) = await FakeBuilderFarm.HoldOneRunningOneQueuedAsync(Farm, token);

        var refused = await BuildStreams.ReadAllAsync(Farm.Client.Build(TestVariants.Build(TestVariants.Debian(4)), cancellationToken: token), token);
        var (joined, joinedRest) = await BuildStreams.FirstAsync(Farm.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);

        Assert.Equal(StatusCode.ResourceExhausted, refused.Error?.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), RpcDetails.Unpack<RetryInfo>(refused.Error!).RetryDelay.ToTimeSpan());
        Assert.True(joined.Queued.JoinedExisting);
        Farm.Service<FakeModuleBuilder>().Release();
        Assert.Equal(BuildState.Succeeded, (await running).Last.State);
        Assert.Equal(BuildState.Succeeded, (await queued).Last.State);
        Assert.Equal(BuildState.Succeeded, (await joinedRest).Last.State);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("get")]
    [InlineData("cancel")]
    [InlineData("watch")]
    public async Task BuildIdCalls_UnknownBuild_AreNotFound(string call)
    {
        var token = TestContext.Current.CancellationToken;
        var error = await BuildIdCallAsync(call, "b-20261123-100000-0badc0de", token);

        Assert.Equal(StatusCode.NotFound, error?.StatusCode);
        var resource = RpcDetails.Unpack<ResourceInfo>(error!);
        Assert.Equal("build", resource.ResourceType);
        Assert.Equal("b-20261123-100000-0badc0de", resource.ResourceName);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("get", "")]
    [InlineData("cancel", "../etc/passwd")]
    [InlineData("watch", "b 1")]
    public async Task BuildIdCalls_MalformedBuildId_AreInvalidArgument(string call, string buildId)
    {
        var token = TestContext.Current.CancellationToken;
        AssertViolation(await BuildIdCallAsync(call, buildId, token), "build_id");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("garbage", 0, "page_token")]
    [InlineData("-2", 0, "page_token")]
    [InlineData("", 5000, "page_size")]
    [InlineData("", -1, "page_size")]
    public async Task ListBuilds_BadPaging_IsInvalidArgumentNamingTheField(string pageToken, int pageSize, string field)
    {
        var token = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Farm.Client.ListBuildsAsync(new ListBuildsRequest { PageToken = pageToken, PageSize = pageSize }, cancellationToken: token).ResponseAsync);

        AssertViolation(error, field);
    }

    [Fact(Timeout = 30_000)]
    public async Task ListBuilds_UnknownStateValue_IsInvalidArgumentNamingState()
    {
        var token = TestContext.Current.CancellationToken;
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Farm.Client.ListBuildsAsync(new ListBuildsRequest { State = (BuildState)42 }, cancellationToken: token).ResponseAsync);

        AssertViolation(error, "state");
    }

    private async Task<RpcException?> BuildIdCallAsync(string call, string buildId, CancellationToken token)
    {
        try
        {
            switch (call)
            {
                case "get":
                    await Farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token);
                    return null;
                case "cancel":
                    await Farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = buildId }, cancellationToken: token);
                    return null;
                default:
                    return (await BuildStreams.ReadAllAsync(Farm.Client.WatchBuild(new WatchBuildRequest { BuildId = buildId }, cancellationToken: token), token)).Error;
            }
        }
        catch (RpcException e)
        {
            return e;
        }
    }

    private static void AssertViolation(RpcException? error, string field)
    {
        Assert.NotNull(error);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(RpcDetails.Unpack<BadRequest>(error).FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    private static void Mutate(string mutation, BuildRequest request)
    {
        switch (mutation)
        {
            case "no variant": request.Variant = null; break;
            case "no driver": request.Driver = null; break;
            case "distro_id ../x": request.Variant.DistroId = "../x"; break;
            case "distro_version_id empty": request.Variant.DistroVersionId = ""; break;
            case "arch sparc64": request.Variant.Arch = "sparc64"; break;
            case "kernel_release with /": request.Variant.KernelRelease = "6.1.0-56/../amd64"; break;
            case "kernel_version with a newline": request.Variant.KernelVersion = "#1 SMP PREEMPT_DYNAMIC\nDebian 6.1.192-2"; break;
            case "kernel_version .": request.Variant.KernelVersion = "."; break;
            case "kernel_version ..": request.Variant.KernelVersion = ".."; break;
            case "kernel_release ..": request.Variant.KernelRelease = ".."; break;
            case "distro_version_id .": request.Variant.DistroVersionId = "."; break;
            case "driver name Bad/Name": request.Driver.Name = "Bad/Name"; break;
            case "driver version empty": request.Driver.Version = ""; break;
            default: throw new ArgumentOutOfRangeException(nameof(mutation), mutation, "no such mutation");
        }
    }
}

using Grpc.Core;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Tests.Api;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>A failed build is answered from memory for Builds:FailureMemory, then built again.</summary>
public sealed class FailureMemoryTests
{
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    [Fact(Timeout = 60_000)]
    public async Task Build_AgainWithinFailureMemory_GetsTheSameFailureWithoutCompiling()
    {
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await using var farm = await FakeBuilderFarm.StartAsync(Settings(), clock);
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.CompileError, "kagent_sample.c:12: error: expected ';'", "make: *** [kagent_sample.o] Error 1");

        var first = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        clock.Advance(Memory - TimeSpan.FromSeconds(1));
        var second = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(1, builder.Builds);
        Assert.Null(first.Error);
        Assert.Equal(BuildState.Failed, first.Last.State);
        Assert.Equal(FailureReason.CompileError, first.Last.Failed.Reason);
        Assert.Equal("make: *** [kagent_sample.o] Error 1", first.Last.Failed.LogTail);
        Assert.Equal(clock.Start + Memory, first.Last.Failed.RememberedUntil.ToDateTimeOffset());
        Assert.Null(second.Error);
        Assert.Equal(first.Last, second.Last);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_AfterFailureMemoryExpires_BuildsAgain()
    {
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await using var farm = await FakeBuilderFarm.StartAsync(Settings(), clock);
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.Internal, "the disk was full");
        var failed = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        clock.Advance(Memory + TimeSpan.FromSeconds(1));
        builder.FailWith = _ => null;
        var retried = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(2, builder.Builds);
        Assert.Equal(BuildState.Failed, failed.Last.State);
        Assert.Equal(BuildState.Succeeded, retried.Last.State);
        Assert.NotEqual(failed.Last.BuildId, retried.Last.BuildId);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_KernelOutsideBuildExclusive_FailsPreconditionAndIsNotRemembered()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(Settings());
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.UnsupportedByDriver, "the driver does not build for this kernel: BUILD_EXCLUSIVE_KERNEL=\"^5\\.\"");

        var first = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        var second = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        // The driver's own rule, not a farm failure: asked again, the farm asks the driver again.
        Assert.Equal(2, builder.Builds);
        foreach (var stream in new[] { first, second })
        {
            Assert.Equal(StatusCode.FailedPrecondition, Assert.IsType<RpcException>(stream.Error).StatusCode);
            Assert.Equal(FailureReason.UnsupportedByDriver, stream.Last.Failed.Reason);
            Assert.Null(stream.Last.Failed.RememberedUntil);
            Assert.Contains("BUILD_EXCLUSIVE_KERNEL", stream.Last.Failed.Message, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_RememberedPreconditionFailure_EndsEveryStreamWithFailedPrecondition()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(Settings());
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.HeadersUnavailable, "linux-headers-6.1.0-56-amd64 6.1.192-2 is in no configured source");

        var first = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        var second = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(1, builder.Builds);
        foreach (var stream in new[] { first, second })
        {
            Assert.Equal(FailureReason.HeadersUnavailable, stream.Last.Failed.Reason);
            Assert.Equal(StatusCode.FailedPrecondition, stream.Error?.StatusCode);
            var violation = Assert.Single(RpcDetails.Unpack<Google.Rpc.PreconditionFailure>(stream.Error!).Violations);
            Assert.Equal(nameof(FailureReason.HeadersUnavailable), violation.Type);
            Assert.Equal(first.Last.VariantKey, violation.Subject);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_DriverReRegisteredWithChangedSource_ForgetsItsRememberedFailureAndBuildsAgain()
    {
        var token = TestContext.Current.CancellationToken;
        using var scratch = new Headers.ScratchDirectory("failure-memory-reregistered");
        var registrations = Directory.CreateDirectory(Path.Join(scratch.Path, "registrations")).FullName;
        var sources = Path.Join(scratch.Path, "src");
        var registration = new Dictionary<string, string?>(StringComparer.Ordinal);
        Drivers.Dkms.BuildDependsTrees.Write(sources, ["kafix"], registration);
        void Register() => File.WriteAllText(Path.Join(registrations, "kafix-1.0.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Name = "kafix", Version = "1.0", Source = registration["Drivers:Drivers:1:Source"], Sha256 = Drivers.Dkms.BuildDependsTrees.Digest(registration["Drivers:Drivers:1:Source"]!),
        }));
        Register();
        var settings = Settings();
        settings["Drivers:RegistrationDirectory"] = registrations;
        await using var farm = await FakeBuilderFarm.StartAsync(settings);
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.CompileError, "kafix.c:1: error: expected ';'");
        var request = TestVariants.Build(driver: new DriverRef { Name = "kafix", Version = "1.0" });

        var failed = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);
        var remembered = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);
        File.AppendAllText(Path.Join(registration["Drivers:Drivers:1:Source"]!, "kafix.c"), "/* fixed */\n");
        Register();
        builder.FailWith = _ => null;
        var rebuilt = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);

        Assert.Equal(failed.Last, remembered.Last);
        Assert.Equal(BuildState.Succeeded, rebuilt.Last.State);
        Assert.Equal(2, builder.Builds);
    }

    private static Dictionary<string, string?> Settings() => new(StringComparer.Ordinal) { ["Builds:FailureMemory"] = Memory.ToString() };
}

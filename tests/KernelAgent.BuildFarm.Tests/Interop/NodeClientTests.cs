using System.Text.Json;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Interop;

/// <summary>
/// The independent Node client against a real <c>kernel-buildfarm serve</c> process with the real builder:
/// the assertions are on what the client printed.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class NodeClientTests(DebianHeadersFixture kernels, FarmProcess farm, ITestOutputHelper output) : IClassFixture<FarmProcess>
{
    [Fact(Timeout = 900_000)]
    public async Task FarmClient_ResolveThenBuildThenResolve_PrintsTheEventsAndFindsWhatWasBuilt()
    {
        var token = TestContext.Current.CancellationToken;
        kernels.Require();
        await NodeClient.RequireAsync(token);
        var variant = RealFarm.Variant(kernels.Amd64);

        var before = await NodeClient.RunAsync(farm.Address, "resolve", variant, TestVariants.Sample, token);
        var build = await NodeClient.RunAsync(farm.Address, "build", variant, TestVariants.Sample, token);
        var after = await NodeClient.RunAsync(farm.Address, "resolve", variant, TestVariants.Sample, token);
        var again = await NodeClient.RunAsync(farm.Address, "build", variant, TestVariants.Sample, token);

        output.WriteLine($"resolve:\n{before}\nbuild:\n{string.Join('\n', build.Lines.Where(l => !l.Contains("\"log\":{", StringComparison.Ordinal)))}\nresolve:\n{after}\nbuild again:\n{again}");
        RealFarm.RequireToolchain(build.Messages.Select(e => e.TryGetProperty("failed", out var failed) && failed.ValueKind == JsonValueKind.Object ? failed.GetProperty("message").GetString() : null).LastOrDefault());
        Assert.Equal("STATUS 0 OK", before.Status);
        Assert.False(Assert.Single(before.Messages).GetProperty("found").GetBoolean());
        Assert.Equal("STATUS 0 OK", build.Status);
        var events = build.Messages;
        Assert.Equal("BUILD_STATE_QUEUED", events[0].GetProperty("state").GetString());
        Assert.Contains(events, e => e.GetProperty("state").GetString() == "BUILD_STATE_COMPILING");
        var succeeded = events[^1];
        Assert.Equal("BUILD_STATE_SUCCEEDED", succeeded.GetProperty("state").GetString());
        Assert.False(succeeded.GetProperty("succeeded").GetProperty("already_published").GetBoolean());
        var moduleKey = succeeded.GetProperty("succeeded").GetProperty("artifact").GetProperty("module_key").GetString();
        Assert.Equal("STATUS 0 OK", after.Status);
        var found = Assert.Single(after.Messages);
        Assert.True(found.GetProperty("found").GetBoolean());
        Assert.Equal(moduleKey, found.GetProperty("artifact").GetProperty("module_key").GetString());
        Assert.Equal("STATUS 0 OK", again.Status);
        Assert.True(Assert.Single(again.Messages).GetProperty("succeeded").GetProperty("already_published").GetBoolean());
    }

    [Fact(Timeout = 120_000)]
    public async Task FarmClient_BadRequests_PrintTheStatusCodeAndNameTheField()
    {
        var token = TestContext.Current.CancellationToken;
        await NodeClient.RequireAsync(token);
        var badDistro = TestVariants.Debian();
        badDistro.DistroId = "../x";

        var invalid = await NodeClient.RunAsync(farm.Address, "build", badDistro, TestVariants.Sample, token);
        var unregistered = await NodeClient.RunAsync(farm.Address, "resolve", TestVariants.Debian(), new DriverRef { Name = "not_registered", Version = "1.0.0" }, token);

        output.WriteLine($"{invalid}\n{unregistered}");
        Assert.StartsWith("STATUS 3 ", invalid.Status, StringComparison.Ordinal);
        Assert.Contains("variant.distro_id", invalid.Status, StringComparison.Ordinal);
        Assert.Empty(invalid.Messages);
        Assert.StartsWith("STATUS 5 ", unregistered.Status, StringComparison.Ordinal);
        Assert.Contains("not_registered", unregistered.Status, StringComparison.Ordinal);
    }
}

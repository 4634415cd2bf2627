using System.Diagnostics;
using KernelAgent.BuildFarm.Cli;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Tests.Matrix.Apply;

/// <summary>
/// The prebuild pipeline end to end on this machine: crawl the configured Debian sources, plan the newest 6.1 ABI for
/// amd64 and arm64 (two kernels, so CI stays quick), apply through the farm's real coordinator and builder, and find
/// each attestation in the store; a second plan then has nothing to do.
/// </summary>
[Collection(DebianArchiveTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class MatrixApplyIntegrationTests(DebianHeadersFixture archive) : IDisposable
{
    private readonly ScratchDirectory _scratch = new("matrix-apply");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Apply_NewestDebianAbiForBothArches_PublishesEachAttestationAndLeavesNothingToPlan()
    {
        archive.Require();
        var policy = Path.Join(_scratch.Path, "policy.json");
        File.WriteAllText(policy, """
            {
              "format": "kernelagent-policy/v1",
              "name": "ci",
              "targets": [ { "distro": "debian", "versions": ["12"], "arches": ["x86_64", "aarch64"], "flavours": ["amd64", "arm64"], "series": ["6.1"], "window": { "newestAbis": 1 } } ],
              "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ]
            }
            """);
        using var host = CommandHost.Build(null, new Dictionary<string, string?>
        {
            ["Farm:StateDirectory"] = Path.Join(_scratch.Path, "state"),
            ["Farm:StoreUrl"] = new Uri(Path.Join(_scratch.Path, "store") + "/").AbsoluteUri,
            ["Headers:Debian:AptDirectory"] = TestCacheDirectory.Apt,
            ["Headers:Cache:Directory"] = TestCacheDirectory.Headers,
        }, LogLevel.Warning);
        var session = host.Services.GetRequiredService<MatrixSession>();

        var (plan, _) = await session.PlanAsync(policy, null, CancellationToken.None);
        Assert.Equal([$"{archive.Abi}-amd64", $"{archive.Abi}-arm64"], plan.Added.Select(a => a.Entry.Kernel.KernelRelease).Order(StringComparer.Ordinal));

        await host.StartAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        ApplyResult result;
        try
        {
            result = await host.Services.GetRequiredService<IMatrixApplier>().ApplyAsync(plan, new ApplyOptions { ChunkSize = 2 }, CancellationToken.None);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        TestContext.Current.SendDiagnosticMessage($"matrix apply of {plan.Added.Count} Debian kernels: {clock.Elapsed.TotalSeconds:F1} s");
        var toolchainMissing = result.Entries.FirstOrDefault(e => e.Message?.Contains("not installed", StringComparison.Ordinal) == true || e.Message?.Contains("missing", StringComparison.OrdinalIgnoreCase) == true);
        IntegrationRequirement.Require(toolchainMissing is null, $"the build toolchain is incomplete here: {toolchainMissing?.Message}");
        Assert.All(result.Entries, e => Assert.True(e.Succeeded, $"{e.Entry}: {e.Outcome} {e.Message}"));
        var store = host.Services.GetRequiredService<IArtifactStore>();
        var trusted = host.Services.GetRequiredService<IAttestationSigning>().TrustedKeys;
        foreach (var added in plan.Added)
        {
            var published = await ArtifactResolver.ResolveAsync(store, added.Entry.ToVariant(), trusted, CancellationToken.None);
            Assert.NotNull(published);
            Assert.Equal(added.Entry.VariantKey, published.Variant.ContentKey);
        }

        var (again, _) = await session.PlanAsync(policy, null, CancellationToken.None);
        Assert.True(again.IsEmpty, $"second plan: added {again.Added.Count}, changed {again.Changed.Count}, retired {again.Retired.Count}");
        Assert.Equal(2, (await new AuditLog(store).ReadRunAsync("ci", result.RunId, CancellationToken.None)).Count);
    }
}

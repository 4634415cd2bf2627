using System.Diagnostics;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// Real Debian DKMS packages for the newest Debian 12 6.1 kernel the archive offers: the farm's build (source taken
/// from the .deb as the registry does, built in the sandbox) yields the same .ko files with the same srcversion as
/// Debian's <c>dkms build</c> of the same package against the same headers. One headers root serves every build.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class DebianDkmsPackagesIntegrationTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    /// <summary>
    /// Package, and the .ko files its kbuild makes that its dkms.conf does not list: xtables-addons 3.23 builds xt_asn,
    /// which dkms drops without a word. The farm refuses that unless the registration allows unlisted modules (the
    /// fixture tests cover the refusal); here it is allowed, so the farm has dkms's modules plus those.
    /// </summary>
    public static TheoryData<string, string[]> Packages => new()
    {
        { "acpi-call-dkms", [] },
        { "v4l2loopback-dkms", [] },
        { "openvpn-dco-dkms", [] },
        { "xtables-addons-dkms", ["xt_asn.ko"] },
        { "jool-dkms", [] },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task CompileAsync_RealDkmsPackage_SameModulesAndSrcversionsAsDkmsBuild(string package, string[] unlisted)
    {
        kernels.Require();
        IntegrationRequirement.Require(DkmsOracle.Available, "dkms and bubblewrap are needed (Debian packages dkms, bubblewrap)");
        var token = TestContext.Current.CancellationToken;
        using var scratch = new ScratchDirectory("dkms-" + package);
        var deb = await DkmsPackageCache.FetchAsync(package, token);
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var registration = new RegisteredDriver("driver", "1", deb, DriverSourceKind.DebianPackage, DriverSourceDigest.ComputeForFile(deb));
        var inspection = await DriverSourceInspection.InspectAsync(deb, token);
        var (name, version) = (inspection.Precheck.PackageName!, inspection.Precheck.PackageVersion!);

        var build = Path.Join(scratch.Path, "farm", "build");
        Directory.CreateDirectory(Path.GetDirectoryName(build)!);
        var registry = new DriverRegistry(Microsoft.Extensions.Options.Options.Create(new DriverRegistryOptions { Drivers = [] }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DriverRegistry>.Instance);
        await registry.CopySourceAsync(registration with { Name = name, Version = version }, build, token);
        var farmTime = Stopwatch.StartNew();
        var farm = await DkmsBuilds.BuildAsync(build, name, version, headers, null, token, allowUnlisted: unlisted.Length > 0);
        farmTime.Stop();

        var sourceTree = Path.Join(scratch.Path, "dkms-src");
        Directory.CreateDirectory(Path.Join(sourceTree, $"{name}-{version}"));
        await registry.CopySourceAsync(registration with { Name = name, Version = version }, Path.Join(scratch.Path, "dkms-copy"), token);
        Directory.Delete(Path.Join(sourceTree, $"{name}-{version}"));
        Directory.Move(Path.Join(scratch.Path, "dkms-copy"), Path.Join(sourceTree, $"{name}-{version}"));
        var dkmsTime = Stopwatch.StartNew();
        var dkms = await DkmsOracle.BuildAsync(scratch.Path, sourceTree, name, version, headers, token);
        dkmsTime.Stop();

        output.WriteLine($"{package} ({name} {version}) for {headers.Target.KernelRelease}: farm {farm.Outcome} in {farmTime.Elapsed.TotalSeconds:F1} s, dkms {dkms.Outcome} in {dkmsTime.Elapsed.TotalSeconds:F1} s");
        foreach (var (file, srcversion) in farm.Modules.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {file} srcversion={srcversion} dkms={dkms.Modules.GetValueOrDefault(file, "(none)")}");
        }

        Assert.True(dkms.Outcome == DkmsOracle.Outcome.Built, dkms.Output);
        Assert.True(farm.Outcome == DkmsOracle.Outcome.Built, farm.Message);
        Assert.Equal(dkms.Modules.OrderBy(m => m.Key, StringComparer.Ordinal), farm.Modules.Where(m => !unlisted.Contains(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal));
        Assert.Equal(unlisted.Order(StringComparer.Ordinal), farm.Modules.Keys.Where(unlisted.Contains).Order(StringComparer.Ordinal));
    }
}

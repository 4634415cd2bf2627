namespace KernelAgent.Packaging.Tests.Deb;

/// <summary>The amd64 kernel-buildfarm .deb installed with dpkg into a throwaway root.</summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed class FarmDebInstallTests(PackageBuild build) : IDisposable
{
    private readonly DebRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Install_FarmDeb_CreatesTheSystemUserAndRegistersFarmJsonAsConffile()
    {
        await InstallAsync();

        var passwd = await File.ReadAllTextAsync(_root.Join("etc/passwd"), TestContext.Current.CancellationToken);
        var conffiles = await _root.QueryAsync(PackageBuild.Farm, "${Conffiles}\n");

        Assert.Contains("kernel-buildfarm:x:", passwd);
        Assert.Contains(" /etc/kernel-buildfarm/farm.json ", conffiles.Output + " ");
        Assert.True(File.Exists(_root.Join("usr/lib/sysusers.d/kernel-buildfarm.conf")));
        Assert.True(File.Exists(_root.Join("usr/lib/kernel-buildfarm/drivers/kagent_sample/kagent_sample.c")), "the sample driver's source is missing");
        Assert.False(File.Exists(_root.Join("usr/lib/kernel-buildfarm/libcoreclrtraceptprovider.so")), "the LTTng provider would need liblttng-ust");
    }

    [Fact]
    public async Task Install_FarmDeb_SelfContainedProgramRunsThroughTheLinkAndPrintsTheVersion()
    {
        await InstallAsync();

        var version = await CommandRunner.RunAsync(_root.Join("usr/bin/kernel-buildfarm"), ["--version"], TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        var runtimeConfig = await File.ReadAllTextAsync(_root.Join("usr/lib/kernel-buildfarm/kernel-buildfarm.runtimeconfig.json"), TestContext.Current.CancellationToken);

        Assert.True(version.ExitCode == 0, version.Transcript);
        Assert.Equal(build.Version, version.Output.Trim());
        // Self-contained: the runtime ships in the package ("includedFrameworks"), none is looked up on the host.
        Assert.Contains("\"includedFrameworks\"", runtimeConfig);
        Assert.True(File.Exists(_root.Join("usr/lib/kernel-buildfarm/libcoreclr.so")));
    }

    private async Task InstallAsync()
    {
        build.RequireBuilt();
        await _root.InstallAsync(build.Deb(PackageBuild.Farm, "amd64"));
    }
}

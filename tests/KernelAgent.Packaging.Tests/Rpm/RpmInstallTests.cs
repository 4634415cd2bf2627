namespace KernelAgent.Packaging.Tests.Rpm;

/// <summary>The amd64 .rpm packages installed with <c>rpm --root --nodeps</c> into a throwaway root, then erased.</summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed class RpmInstallTests(PackageBuild build)
{
    [Fact]
    public async Task Install_AgentRpm_InstallsFilesAndTheProgramPrintsTheVersion()
    {
        build.RequireBuilt();
        using var root = await RpmRoot.CreateAsync();

        await root.InstallAsync(build.Rpm(PackageBuild.Agent, "amd64"));
        var config = await root.QueryAsync("-c", PackageBuild.Agent);
        var version = await CommandRunner.RunAsync(root.Join("usr/bin/kernel-agent"), ["--version"], TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("/etc/kernel-agent/agent.json", config.Output.Trim());
        Assert.True(File.Exists(root.Join("usr/lib/kernel-agent/libsodium.so")));
        Assert.True(Directory.Exists(root.Join("etc/kernel-agent/trusted-keys")));
        Assert.True(version.ExitCode == 0, version.Transcript);
        Assert.Equal(build.Version, version.Output.Trim());
    }

    [Fact]
    public async Task Erase_AgentRpm_RemovesFilesAndCacheButKeepsState()
    {
        build.RequireBuilt();
        using var root = await RpmRoot.CreateAsync();
        await root.InstallAsync(build.Rpm(PackageBuild.Agent, "amd64"));
        Directory.CreateDirectory(root.Join("var/lib/kernel-agent"));
        Directory.CreateDirectory(root.Join("var/cache/kernel-agent"));
        await File.WriteAllTextAsync(root.Join("var/lib/kernel-agent/installed.json"), "{}", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(root.Join("var/cache/kernel-agent/artifact.ko"), "x", TestContext.Current.CancellationToken);

        await root.EraseAsync(PackageBuild.Agent);

        Assert.False(File.Exists(root.Join("usr/lib/kernel-agent/kernel-agent")));
        Assert.False(Directory.Exists(root.Join("var/cache/kernel-agent")));
        Assert.True(File.Exists(root.Join("var/lib/kernel-agent/installed.json")), "rpm has no purge: erase keeps the state");
    }

    [Fact]
    public async Task Install_FarmRpm_InstallsTheSelfContainedProgram()
    {
        build.RequireBuilt();
        using var root = await RpmRoot.CreateAsync();

        await root.InstallAsync(build.Rpm(PackageBuild.Farm, "amd64"));
        var version = await CommandRunner.RunAsync(root.Join("usr/bin/kernel-buildfarm"), ["--version"], TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(File.Exists(root.Join("usr/lib/sysusers.d/kernel-buildfarm.conf")));
        Assert.True(File.Exists(root.Join("etc/kernel-buildfarm/farm.json")));
        Assert.True(version.ExitCode == 0, version.Transcript);
        Assert.Equal(build.Version, version.Output.Trim());
    }
}

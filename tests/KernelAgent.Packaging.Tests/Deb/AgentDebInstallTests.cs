namespace KernelAgent.Packaging.Tests.Deb;

/// <summary>The amd64 kernel-agent .deb installed with dpkg into a throwaway root, as a host would get it.</summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AgentDebInstallTests(PackageBuild build) : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private readonly DebRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Install_AgentDeb_PlacesProgramLibsodiumUnitConfigManPageAndDocs()
    {
        await InstallAsync();

        foreach (var file in (string[])[
            "usr/lib/kernel-agent/kernel-agent", "usr/lib/kernel-agent/libsodium.so",
            "usr/lib/systemd/system/kernel-agent.service", "usr/lib/tmpfiles.d/kernel-agent.conf",
            "usr/lib/systemd/system/kernel-agent-wait.service", "usr/lib/systemd/system/kernel-agent-module.target",
            "etc/kernel-agent/agent.json", "usr/share/man/man8/kernel-agent.8.gz",
            "usr/share/doc/kernel-agent/copyright", "usr/share/doc/kernel-agent/changelog.gz"])
        {
            Assert.True(File.Exists(_root.Join(file)), $"{file} is not installed");
        }

        Assert.True(Directory.Exists(_root.Join("etc/kernel-agent/trusted-keys")));
        Assert.Equal("../lib/kernel-agent/kernel-agent", new FileInfo(_root.Join("usr/bin/kernel-agent")).LinkTarget);
        Assert.True(File.GetUnixFileMode(_root.Join("usr/lib/kernel-agent/kernel-agent")).HasFlag(UnixFileMode.OtherExecute));
    }

    [Fact]
    public async Task Install_AgentDeb_RegistersAgentJsonAsConffile()
    {
        await InstallAsync();

        var conffiles = await _root.QueryAsync(PackageBuild.Agent, "${Conffiles}\n");

        Assert.Contains(" /etc/kernel-agent/agent.json ", conffiles.Output + " ");
    }

    [Fact]
    public async Task Install_AgentDeb_InstalledProgramPrintsTheProductVersion()
    {
        await InstallAsync();

        var version = await CommandRunner.RunAsync(_root.Join("usr/bin/kernel-agent"), ["--version"], RunTimeout, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(version.ExitCode == 0, version.Transcript);
        Assert.Equal(build.Version, version.Output.Trim());
    }

    [Fact]
    public async Task Install_AgentDeb_EnablesTheUnitAndCreatesStateAndCacheFolders()
    {
        await InstallAsync();

        Assert.Equal(
            "/usr/lib/systemd/system/kernel-agent.service",
            new FileInfo(_root.Join("etc/systemd/system/multi-user.target.wants/kernel-agent.service")).LinkTarget);
        Assert.True(Directory.Exists(_root.Join("var/lib/kernel-agent")), "tmpfiles.d did not create the state folder");
        Assert.True(Directory.Exists(_root.Join("var/cache/kernel-agent")), "tmpfiles.d did not create the cache folder");
    }

    [Fact]
    public async Task Reinstall_ModifiedConffile_IsKept()
    {
        await InstallAsync();
        const string Local = "{ \"Agent\": { \"DriverName\": \"kagent_sample\" } }\n";
        await File.WriteAllTextAsync(_root.Join("etc/kernel-agent/agent.json"), Local, TestContext.Current.CancellationToken);

        // Installing over an installed version is dpkg's upgrade path: postinst configure <old-version>.
        await InstallAsync();

        Assert.Equal(Local, await File.ReadAllTextAsync(_root.Join("etc/kernel-agent/agent.json"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Remove_ThenPurge_KeepsConfigUntilPurgeWhichRemovesStateCacheAndConfig()
    {
        await InstallAsync();
        await File.WriteAllTextAsync(_root.Join("var/lib/kernel-agent/installed.json"), "{}", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(_root.Join("var/cache/kernel-agent/artifact.ko"), "x", TestContext.Current.CancellationToken);

        await _root.RemoveAsync(PackageBuild.Agent);
        Assert.False(File.Exists(_root.Join("usr/lib/kernel-agent/kernel-agent")));
        Assert.True(File.Exists(_root.Join("etc/kernel-agent/agent.json")), "remove (not purge) must keep the conffile");
        Assert.True(Directory.Exists(_root.Join("var/lib/kernel-agent")), "remove (not purge) must keep the state");

        await _root.PurgeAsync(PackageBuild.Agent);
        Assert.False(File.Exists(_root.Join("etc/kernel-agent/agent.json")));
        Assert.False(Directory.Exists(_root.Join("var/lib/kernel-agent")));
        Assert.False(Directory.Exists(_root.Join("var/cache/kernel-agent")));
        Assert.False(File.Exists(_root.Join("etc/systemd/system/multi-user.target.wants/kernel-agent.service")));
    }

    private async Task InstallAsync()
    {
        build.RequireBuilt();
        await _root.InstallAsync(build.Deb(PackageBuild.Agent, "amd64"));
    }
}

namespace KernelAgent.Packaging.Tests.Rpm;

/// <summary>Every .rpm queried as a file (rpm -qp, rpm -K): contents, config marking, scriptlets, dependencies.</summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed class RpmQueryTests(PackageBuild build)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMinutes(1);

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task List_EachRpm_HoldsProgramLinkUnitConfigManPageAndLicense(string package, string arch)
    {
        var files = await RpmAsync("-qpl", Rpm(package, arch));

        foreach (var path in (string[])[
            $"/usr/lib/{package}/{package}", $"/usr/bin/{package}", $"/usr/lib/systemd/system/{package}.service",
            $"/usr/share/man/man8/{package}.8.gz", $"/usr/share/licenses/{package}/copyright"])
        {
            Assert.Contains(path + "\n", files);
        }

        Assert.Contains(package == PackageBuild.Agent ? "/etc/kernel-agent/agent.json\n" : "/etc/kernel-buildfarm/farm.json\n", files);
    }

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Query_EachRpm_HasVersionReleaseArchAndConfigNoReplace(string package, string arch)
    {
        var rpm = Rpm(package, arch);

        var identity = await RpmAsync("-qp", "--qf", "%{NAME} %{VERSION} %{RELEASE} %{ARCH}", rpm);
        var flags = await RpmAsync("-qp", "--qf", "[%{FILEFLAGS:fflags} %{FILENAMES}\n]", rpm);

        Assert.Equal($"{package} {build.Version} 1 {PackageBuild.RpmArch(arch)}", identity);
        var config = package == PackageBuild.Agent ? "/etc/kernel-agent/agent.json" : "/etc/kernel-buildfarm/farm.json";
        Assert.Contains($"cn {config}\n", flags);
    }

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Scripts_EachRpm_RunTheSystemdMacros(string package, string arch)
    {
        var scripts = await RpmAsync("-qp", "--scripts", Rpm(package, arch));

        Assert.Contains($"systemd-update-helper install-system-units {package}.service", scripts);
        Assert.Contains($"systemctl --no-reload preset {package}.service", scripts);
        Assert.Contains($"systemd-update-helper remove-system-units {package}.service", scripts);
        Assert.Contains($"systemd-update-helper mark-restart-system-units {package}.service", scripts);
        Assert.Contains($"systemctl try-restart {package}.service", scripts);
        Assert.Contains($"rm -rf /var/cache/{package}", scripts);
        Assert.DoesNotContain("%systemd", scripts);
        if (package == PackageBuild.Farm)
        {
            Assert.Contains("systemd-sysusers --replace=/usr/lib/sysusers.d/kernel-buildfarm.conf -", scripts);
            Assert.Contains("u kernel-buildfarm - \"KernelAgent build farm\" /var/lib/kernel-buildfarm", scripts);
        }
    }

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Requires_EachRpm_NamesLibsslBySonameAndNoPrivateLibrary(string package, string arch)
    {
        var requires = await RpmAsync("-qpR", Rpm(package, arch));

        Assert.Contains("(libssl.so.3()(64bit) or libssl.so.1.1()(64bit))", requires);
        Assert.Contains("libc.so.6(GLIBC_", requires);
        Assert.DoesNotContain("libsodium", requires);
        Assert.DoesNotContain("libmscordaccore", requires);
        Assert.DoesNotContain("lttng", requires);
    }

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Checksig_EachRpm_DigestsAreIntact(string package, string arch)
    {
        var result = await RpmAsync("-K", Rpm(package, arch));

        Assert.EndsWith("digests OK", result.Trim());
    }

    private string Rpm(string package, string arch)
    {
        build.RequireBuilt();
        return build.Rpm(package, arch);
    }

    private static async Task<string> RpmAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunRequiredAsync("rpm", "rpm", arguments, QueryTimeout);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return result.Output;
    }
}

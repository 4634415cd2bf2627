namespace KernelAgent.Packaging.Tests.Deb;

/// <summary>The control data of every .deb (dpkg-deb -f / -I), both programs, both architectures.</summary>
[Collection(PackageBuildGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DebControlTests(PackageBuild build)
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMinutes(1);

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task Control_EachDeb_NamesPackageVersionArchitectureAndDependencies(string package, string arch)
    {
        build.RequireBuilt();

        var fields = await DpkgDebAsync("-f", build.Deb(package, arch), "Package", "Version", "Architecture", "Depends", "Maintainer");

        Assert.Contains($"Package: {package}\n", fields);
        Assert.Contains($"Version: {build.Version}\n", fields);
        Assert.Contains($"Architecture: {arch}\n", fields);
        Assert.Contains("Depends: libc6 (>= ", fields);
        Assert.Contains("libssl3t64 | libssl3 | libssl1.1", fields);
    }

    [Theory]
    [MemberData(nameof(PackageBuild.EveryPackage), MemberType = typeof(PackageBuild))]
    public async Task MaintainerScripts_EachDeb_EnableStartAndPurgeTheUnitAsDebhelperDoes(string package, string arch)
    {
        build.RequireBuilt();
        var deb = build.Deb(package, arch);

        var postinst = await DpkgDebAsync("-I", deb, "postinst");
        var prerm = await DpkgDebAsync("-I", deb, "prerm");
        var postrm = await DpkgDebAsync("-I", deb, "postrm");

        Assert.Contains($"deb-systemd-helper enable '{package}.service'", postinst);
        Assert.Contains($"deb-systemd-invoke $_dh_action '{package}.service'", postinst);
        Assert.Contains("_dh_action=restart", postinst);
        Assert.Contains($"deb-systemd-invoke stop '{package}.service'", prerm);
        Assert.Contains($"deb-systemd-helper purge '{package}.service'", postrm);
        Assert.Contains($"/var/lib/{package} /var/cache/{package}", postrm);
        Assert.Contains("--update-catalog", postinst);
        Assert.Contains("--update-catalog", postrm);
    }

    [Fact]
    public async Task MaintainerScripts_AgentDeb_SayWhatToConfigureAndPurgeTheAdministratorsKeys()
    {
        build.RequireBuilt();
        var deb = build.Deb(PackageBuild.Agent, "amd64");

        var postinst = await DpkgDebAsync("-I", deb, "postinst");
        var postrm = await DpkgDebAsync("-I", deb, "postrm");

        Assert.Contains("kernel-agent: put the farm's public key into /etc/kernel-agent/trusted-keys/", postinst);
        Assert.Contains("/etc/kernel-agent/trusted-keys /etc/kernel-agent/conf.d", postrm);
    }

    [Theory]
    [InlineData(PackageBuild.Agent)]
    [InlineData(PackageBuild.Farm)]
    public async Task Contents_EachDeb_ShipsItsJournalCatalog(string package)
    {
        build.RequireBuilt();

        var contents = await DpkgDebAsync("-c", build.Deb(package, "amd64"));

        Assert.Contains($"./usr/lib/systemd/catalog/{package}.catalog", contents);
    }

    [Fact]
    public async Task Conffiles_AgentDeb_ListsOnlyAgentJson()
    {
        build.RequireBuilt();

        var conffiles = await DpkgDebAsync("-I", build.Deb(PackageBuild.Agent, "amd64"), "conffiles");

        Assert.Equal("/etc/kernel-agent/agent.json", conffiles.Trim());
    }

    private static async Task<string> DpkgDebAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunRequiredAsync("dpkg-deb", "dpkg", arguments, QueryTimeout);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return result.Output;
    }
}

using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>The farm's configuration reaches the Ubuntu and RPM header sources, and a bad one stops the start with every problem named.</summary>
public sealed class HeaderSourceOptionsBindingTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("header-options");

    [Fact]
    public async Task AddBuildFarm_UbuntuAndRpmSections_ReachTheSources()
    {
        var (archive, ports) = RepositoryFixtures.UbuntuArchives(_scratch.Path);
        var rhel9 = RepositoryFixtures.RpmRepository(_scratch.Path, "rhel9");
        using var provider = Provider(new()
        {
            ["Headers:Ubuntu:ArchiveUri"] = archive.AbsoluteUri,
            ["Headers:Ubuntu:PortsArchiveUri"] = ports.AbsoluteUri,
            ["Headers:Rpm:Repositories:0:DistroId"] = "rhel",
            ["Headers:Rpm:Repositories:0:VersionId"] = "9",
            ["Headers:Rpm:Repositories:0:Architecture"] = KernelMachine.X8664,
            ["Headers:Rpm:Repositories:0:BaseUri"] = rhel9.AbsoluteUri,
            ["Headers:Rpm:Repositories:0:AllowUnsigned"] = "true",
        });
        var selector = provider.GetRequiredService<IHeaderSourceSelector>();
        var ubuntu = new KernelTarget("ubuntu", "22.04", KernelMachine.X8664, "5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023");
        var rhel = new KernelTarget("rhel", "9.3", KernelMachine.X8664, "5.14.0-362.8.1.el9_3.x86_64", "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023");
        var token = TestContext.Current.CancellationToken;

        var ubuntuSet = await selector.SourceFor(ubuntu).ResolveAsync(ubuntu, token);
        var rhelSet = await selector.SourceFor(rhel).ResolveAsync(rhel, token);

        Assert.Equal(new Uri(archive, "pool/main/l/linux/linux-headers-5.15.0-91-generic_5.15.0-91.101_amd64.deb"), ubuntuSet.Packages[0].Location);
        Assert.Equal(new Uri(rhel9, "Packages/k/kernel-devel-5.14.0-362.8.1.el9_3.x86_64.rpm"), rhelSet.Packages[0].Location);
    }

    [Fact]
    public void AddBuildFarm_ConfiguredLists_ReplaceTheDefaultsInsteadOfAppending()
    {
        using var provider = Provider(new()
        {
            ["Headers:Ubuntu:Pockets:0"] = "",
            ["Headers:Ubuntu:Pockets:1"] = "-security",
            ["Headers:Ubuntu:Components:0"] = "main",
            ["Headers:Ubuntu:Components:1"] = "universe",
            ["Headers:Ubuntu:Codenames:26.04"] = "resolute",
            ["Headers:Ubuntu:IndexTimeout"] = "00:00:30",
        });

        var options = provider.GetRequiredService<IOptions<UbuntuHeaderSourceOptions>>().Value;

        Assert.Equal(["", "-security"], options.Pockets);
        Assert.Equal(["main", "universe"], options.Components);
        Assert.Equal("resolute", options.Codenames["26.04"]);
        Assert.Equal("jammy", options.Codenames["22.04"]);
        Assert.Equal(TimeSpan.FromSeconds(30), options.IndexTimeout);
    }

    [Fact]
    public void AddBuildFarm_InvalidHeaderSections_FailsAtStartNamingEveryProblem()
    {
        using var provider = Provider(new()
        {
            ["Headers:Ubuntu:ArchiveUri"] = "ftp://archive.invalid/ubuntu/",
            ["Headers:Ubuntu:Components:0"] = "main universe",
            ["Headers:Ubuntu:IndexTimeout"] = "-00:00:01",
            ["Headers:Ubuntu:DownloadTimeout"] = "00:00:00",
            ["Headers:Ubuntu:ExtractTimeout"] = "-00:01:00",
            ["Headers:Ubuntu:HostArchitecture"] = "x86_64",
            ["Headers:Rpm:Repositories:0:DistroId"] = "fedora",
            ["Headers:Rpm:Repositories:0:VersionId"] = "9",
            ["Headers:Rpm:Repositories:0:Architecture"] = "amd64",
            ["Headers:Rpm:Repositories:1:DistroId"] = "rhel",
            ["Headers:Rpm:Repositories:1:VersionId"] = "9",
            ["Headers:Rpm:Repositories:1:Architecture"] = "x86_64",
            ["Headers:Rpm:Repositories:1:BaseUri"] = "http://127.0.0.1:1/rhel9/",
            ["Headers:Rpm:Repositories:1:GpgKeys:0"] = "/nonexistent/RPM-GPG-KEY-redhat-release",
            ["Headers:Rpm:PackageTimeout"] = "00:00:00",
            ["Headers:Rpm:ExtractTimeout"] = "-00:00:01",
            ["Headers:Debian:DownloadTimeout"] = "00:00:00",
        });

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var message = Messages(error);
        Assert.Contains("Headers:Ubuntu:ArchiveUri 'ftp://archive.invalid/ubuntu/' uses 'ftp'", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Ubuntu:Components entry 'main universe'", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Ubuntu:IndexTimeout", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Ubuntu:DownloadTimeout '00:00:00' must be positive", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Ubuntu:ExtractTimeout '-00:01:00' must be positive", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Ubuntu:HostArchitecture 'x86_64' is not amd64 or arm64", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:Repositories:0:DistroId 'fedora'", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:Repositories:0:Architecture 'amd64'", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:Repositories:0:BaseUri is missing", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:Repositories:0:GpgKeys is empty: the repository's packages cannot be verified", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:Repositories:1:GpgKeys:0 '/nonexistent/RPM-GPG-KEY-redhat-release' is not a readable file", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:PackageTimeout '00:00:00' must be positive", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Rpm:ExtractTimeout", message, StringComparison.Ordinal);
        Assert.Contains("Headers:Debian:DownloadTimeout", message, StringComparison.Ordinal);
    }

    [Fact]
    public void FarmHostBuild_SeveralInvalidSections_OneErrorNamingEveryProblem()
    {
        var config = Path.Join(_scratch.Path, "farm.json");
        File.WriteAllText(config, "{}");

        var error = Assert.Throws<OptionsValidationException>(() => FarmHost.Build(config, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Farm:StateDirectory"] = _scratch.Path,
            ["Server:Listen"] = "nowhere",
            ["Headers:Ubuntu:PortsArchiveUri"] = "ftp://ports.invalid/",
            ["Headers:Rpm:Repositories:0:DistroId"] = "amzn",
            ["Headers:Rpm:Repositories:0:VersionId"] = "2023",
            ["Headers:Rpm:Repositories:0:Architecture"] = KernelMachine.X8664,
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Server:Listen 'nowhere'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Headers:Ubuntu:PortsArchiveUri 'ftp://ports.invalid/'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Headers:Rpm:Repositories:0:BaseUri is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void AddBuildFarm_DefaultHeaderSections_AreValid()
    {
        using var provider = Provider([]);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Empty(provider.GetRequiredService<IOptions<RpmHeaderSourceOptions>>().Value.Repositories);
    }

    public void Dispose() => _scratch.Dispose();

    private static string Messages(Exception error) =>
        error is AggregateException aggregate ? string.Join('\n', aggregate.InnerExceptions.Select(Messages)) : error.Message;

    private ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        settings["Farm:StateDirectory"] = _scratch.Path;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddBuildFarm(configuration).BuildServiceProvider();
    }
}

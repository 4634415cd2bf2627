using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

public sealed class RpmHeaderSourceTests : IDisposable
{
    private readonly RpmHeaderSources _sources = new("rpm-repos");
    private readonly Uri _rhel9;
    private readonly Uri _amzn2023;
    private readonly RpmHeaderSourceOptions _options;

    public RpmHeaderSourceTests()
    {
        _rhel9 = RepositoryFixtures.RpmRepository(_sources.Scratch, "rhel9");
        _amzn2023 = RepositoryFixtures.RpmRepository(_sources.Scratch, "amzn2023");
        _options = new RpmHeaderSourceOptions
        {
            Repositories =
            {
                new RpmRepository { DistroId = "rhel", VersionId = "9", Architecture = KernelMachine.X8664, BaseUri = _rhel9, AllowUnsigned = true },
                new RpmRepository { DistroId = "rocky", VersionId = "9", Architecture = KernelMachine.X8664, BaseUri = _rhel9, AllowUnsigned = true },
                new RpmRepository { DistroId = "amzn", VersionId = "2023", Architecture = KernelMachine.X8664, BaseUri = _amzn2023 },
            },
        };
    }

    private RhelHeaderSource Rhel => _sources.Rhel(_options);

    private AmazonLinuxHeaderSource Amazon => _sources.Amazon(_options);

    private static KernelTarget Target(string distro, string version, string release) =>
        new(distro, version, KernelMachine.X8664, release, "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023");

    [Fact]
    public async Task ResolveAsync_RhelKernel_NamesExactKernelDevelWithUrlAndDigest()
    {
        var set = await Rhel.ResolveAsync(Target("rhel", "9.3", "5.14.0-362.8.1.el9_3.x86_64"), TestContext.Current.CancellationToken);

        Assert.Equal(
            [new HeaderPackage("kernel-devel", "5.14.0-362.8.1.el9_3", "x86_64", RepositoryFixtures.FixtureSha256("rhel-devel-8"), 20123456,
                new Uri(_rhel9, "Packages/k/kernel-devel-5.14.0-362.8.1.el9_3.x86_64.rpm"))],
            set.Packages);
    }

    [Fact]
    public async Task ResolveAsync_RealTimeVariantOnRebuild_NamesKernelRtDevel()
    {
        var set = await Rhel.ResolveAsync(Target("rocky", "9.3", "5.14.0-362.8.1.el9_3.x86_64+rt"), TestContext.Current.CancellationToken);

        Assert.Equal(("kernel-rt-devel", RepositoryFixtures.FixtureSha256("rhel-rt-devel-8")), (set.Packages[0].Name, set.Packages[0].Sha256));
    }

    [Fact]
    public async Task ResolveAsync_BuildNotInRepository_ThrowsNamingPackageAndVersion()
    {
        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => Rhel.ResolveAsync(Target("rhel", "9.3", "5.14.0-362.99.1.el9_3.x86_64"), TestContext.Current.CancellationToken));

        Assert.Equal(("kernel-devel", "5.14.0-362.99.1.el9_3.x86_64"), (error.Package, error.Version));
        Assert.Contains(_rhel9.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_KernelGoneFromTheRepositoryAfterAResolution_ResolvesFromTheHeadersCache()
    {
        var target = Target("rhel", "9.3", "5.14.0-362.8.1.el9_3.x86_64");
        var first = await Rhel.ResolveAsync(target, TestContext.Current.CancellationToken);
        Directory.Delete(Path.Join(_rhel9.LocalPath, "repodata"), recursive: true);

        var second = await Rhel.ResolveAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(first.Packages, second.Packages);
    }

    [Fact]
    public async Task ResolveAsync_NoRepositoryForDistroVersion_SaysNoneIsConfigured()
    {
        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => Rhel.ResolveAsync(Target("almalinux", "8.9", "4.18.0-513.5.1.el8_9.x86_64"), TestContext.Current.CancellationToken));

        Assert.Contains("none is configured for almalinux 8.9 x86_64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_PrimaryNotMatchingRepomdChecksum_IsRefused()
    {
        var primary = Directory.GetFiles(Path.Join(_rhel9.LocalPath, "repodata"), "*-primary.xml.gz").Single();
        await File.AppendAllTextAsync(primary, "tampered", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(
            () => Rhel.ResolveAsync(Target("rhel", "9.3", "5.14.0-362.8.1.el9_3.x86_64"), TestContext.Current.CancellationToken));

        Assert.Contains("does not match the sha256 checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6.1.61-85.141.amzn2023.x86_64", "kernel-devel", "al-devel-61")]
    [InlineData("6.12.40-63.114.amzn2023.x86_64", "kernel6.12-devel", "al-devel-612")]
    public async Task ResolveAsync_AmazonLinuxKernel_FindsDefaultOrVersionedKernelLine(string release, string package, string seed)
    {
        var set = await Amazon.ResolveAsync(Target("amzn", "2023", release), TestContext.Current.CancellationToken);

        Assert.Equal((package, RepositoryFixtures.FixtureSha256(seed)), (set.Packages[0].Name, set.Packages[0].Sha256));
    }

    [Fact]
    public async Task ResolveAsync_ReleaseForOtherArchitecture_ThrowsNamingKernelRelease()
    {
        var error = await Assert.ThrowsAsync<InvalidKernelTargetException>(
            () => Rhel.ResolveAsync(Target("rhel", "9.3", "5.14.0-362.8.1.el9_3.aarch64"), TestContext.Current.CancellationToken));

        Assert.Equal(nameof(KernelTarget.KernelRelease), error.Field);
    }

    [Fact]
    public void SourceFor_UnservedDistribution_ThrowsNamingDistroId()
    {
        var selector = new HeaderSourceSelector([Rhel, Amazon]);

        var error = Assert.Throws<InvalidKernelTargetException>(() => selector.SourceFor(Target("gentoo", "2.15", "6.6.30-gentoo")));

        Assert.Equal(nameof(KernelTarget.DistroId), error.Field);
        Assert.Same(typeof(AmazonLinuxHeaderSource), selector.SourceFor(Target("amzn", "2023", "x")).GetType());
    }

    public void Dispose() => _sources.Dispose();
}

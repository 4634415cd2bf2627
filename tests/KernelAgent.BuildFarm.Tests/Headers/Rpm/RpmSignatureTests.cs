using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

/// <summary>
/// kernel-devel packages are used only when signed by a key configured for their repository: signed packages are
/// made here with a throwaway gpg key and rpmsign, served from a repository on disk, and checked with rpmkeys.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RpmSignatureTests : IDisposable
{
    private const string Version = "5.14.0";
    private const string Release = "362.8.1.el9_3";

    private readonly RpmHeaderSources _sources = new("rpm-signatures");

    private static KernelTarget Target => new("rhel", "9.3", KernelMachine.X8664, $"{Version}-{Release}.x86_64", "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023");

    private string Root => Path.Join(_sources.Scratch, "root");

    public void Dispose() => _sources.Dispose();

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_SignedByTheConfiguredKey_ChecksTheSignatureThenExtracts()
    {
        var token = TestContext.Current.CancellationToken;
        var key = await RpmSigningKey.TrustedAsync();
        var repository = await RepositoryAsync(key, token);

        var headers = await Source(repository, [key.PublicKeyFile]).FetchAsync(Target, Root, null, token);

        Assert.True(Directory.Exists(headers.BuildDirectory));
        Assert.Equal(["rpmkeys", "rpmkeys", "rpm2archive", "tar"], _sources.Runner.Programs);
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_UnsignedPackage_IsRefusedNamingThePackageAndExtractsNothing()
    {
        var token = TestContext.Current.CancellationToken;
        var key = await RpmSigningKey.TrustedAsync();
        var repository = await RepositoryAsync(signedBy: null, token);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => Source(repository, [key.PublicKeyFile]).FetchAsync(Target, Root, null, token));

        Assert.Contains($"kernel-devel {Version}-{Release} (x86_64)", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not signed by a key configured for it", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Root));
        Assert.DoesNotContain("rpm2archive", _sources.Runner.Programs);
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_SignedByAnotherKey_IsRefused()
    {
        var token = TestContext.Current.CancellationToken;
        var trusted = await RpmSigningKey.TrustedAsync();
        var repository = await RepositoryAsync(await RpmSigningKey.OtherAsync(), token);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => Source(repository, [trusted.PublicKeyFile]).FetchAsync(Target, Root, null, token));

        Assert.Contains($"kernel-devel {Version}-{Release} (x86_64)", error.Message, StringComparison.Ordinal);
        Assert.Contains("SIGNATURES NOT OK", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Root));
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_NoKeyConfigured_IsRefusedSayingWhatToConfigure()
    {
        var token = TestContext.Current.CancellationToken;
        var repository = await RepositoryAsync(await RpmSigningKey.TrustedAsync(), token);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => Source(repository, []).FetchAsync(Target, Root, null, token));

        Assert.Contains("no GpgKeys are configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUnsigned", error.Message, StringComparison.Ordinal);
    }

    private RhelHeaderSource Source(Uri repository, IReadOnlyList<string> keys)
    {
        var rhel = new RpmRepository { DistroId = "rhel", VersionId = "9", Architecture = KernelMachine.X8664, BaseUri = repository };
        foreach (var key in keys)
        {
            rhel.GpgKeys.Add(key);
        }

        return _sources.Rhel(RpmHeaderSources.For(rhel));
    }

    private async Task<Uri> RepositoryAsync(RpmSigningKey? signedBy, CancellationToken token) =>
        (await FakeKernelDevelRpm.RepositoryAsync(_sources.Scratch, "rhel9", "kernel-devel", Version, Release, null, "w2.xzdio", token, signedBy: signedBy)).Repository;
}

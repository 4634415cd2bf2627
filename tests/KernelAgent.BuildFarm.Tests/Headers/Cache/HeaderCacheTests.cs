using System.Security.Cryptography;
using System.Text;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.BuildFarm.Tests.Headers.Cache;

public sealed class HeaderCacheTests
{
    private static readonly KernelTarget _target = new("debian", "12", KernelMachine.X8664, "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)");

    private static HeaderPackage PackageFor(string content) =>
        new("linux-headers-6.1.0-56-amd64", "6.1.192-2", "amd64", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))), content.Length, null);

    [Fact]
    public async Task AddAsync_MatchingDownload_IsFoundByDigestLater()
    {
        using var scratch = new ScratchDirectory("cache");
        var cache = new HeaderCache(scratch.Path, NullLogger.Instance);
        var package = PackageFor("package bytes");
        var download = Path.Join(cache.NewWorkDirectory(), "p.deb");
        await File.WriteAllTextAsync(download, "package bytes", TestContext.Current.CancellationToken);

        var stored = await cache.AddAsync(package, download, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Join(scratch.Path, "packages", "sha256", package.Sha256), stored);
        Assert.Equal(stored, await cache.TryGetVerifiedAsync(package, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AddAsync_DownloadWithOtherBytes_ThrowsAndKeepsNothing()
    {
        using var scratch = new ScratchDirectory("cache");
        var cache = new HeaderCache(scratch.Path, NullLogger.Instance);
        var package = PackageFor("expected bytes");
        var download = Path.Join(cache.NewWorkDirectory(), "p.deb");
        await File.WriteAllTextAsync(download, "tampered bytes", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => cache.AddAsync(package, download, TestContext.Current.CancellationToken));

        Assert.Contains(package.Sha256, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(cache.PackagePath(package.Sha256)));
    }

    [Fact]
    public async Task TryGetVerifiedAsync_FileWhoseBytesChanged_IsDeletedAndMissed()
    {
        using var scratch = new ScratchDirectory("cache");
        var cache = new HeaderCache(scratch.Path, NullLogger.Instance);
        var package = PackageFor("original");
        Directory.CreateDirectory(Path.GetDirectoryName(cache.PackagePath(package.Sha256))!);
        await File.WriteAllTextAsync(cache.PackagePath(package.Sha256), "changed", TestContext.Current.CancellationToken);

        Assert.Null(await cache.TryGetVerifiedAsync(package, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(cache.PackagePath(package.Sha256)));
    }

    [Fact]
    public void StoreSet_ThenTryGetSet_ReturnsSetForExactTargetOnly()
    {
        using var scratch = new ScratchDirectory("cache");
        var cache = new HeaderCache(scratch.Path, NullLogger.Instance);
        var set = new HeaderPackageSet(_target, [PackageFor("a") with { Location = new Uri("http://mirror.invalid/a.deb") }]);

        cache.StoreSet(set);

        Assert.Equal(set.Packages, cache.TryGetSet(_target)!.Packages);
        Assert.Null(cache.TryGetSet(_target with { KernelBuild = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-11-30)" }));
    }

    [Fact]
    public void IsExtracted_RootFromOtherSet_IsRefused()
    {
        using var scratch = new ScratchDirectory("extracted");
        var set = new HeaderPackageSet(_target, [PackageFor("a")]);
        var other = new HeaderPackageSet(_target, [PackageFor("b")]);
        File.WriteAllText(Path.Join(scratch.Path, ExtractedHeaders.ManifestName), ExtractedHeaders.Manifest(set));

        Assert.True(ExtractedHeaders.IsExtracted(scratch.Path, set));
        Assert.Throws<HeaderSourceException>(() => ExtractedHeaders.IsExtracted(scratch.Path, other));
        Assert.False(ExtractedHeaders.IsExtracted(Path.Join(scratch.Path, "absent"), set));
    }
}

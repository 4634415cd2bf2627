using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Ubuntu;

namespace KernelAgent.BuildFarm.Tests.Headers.Ubuntu;

/// <summary>
/// Fetching Ubuntu headers from a small archive of real .deb packages (<see cref="FakeUbuntuArchive"/>) served over
/// HTTP on 127.0.0.1: download, digest check, headers cache, extraction with dpkg-deb and the kbuild layout.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UbuntuHeaderFetchTests : IDisposable
{
    private static readonly KernelTarget _target = new("ubuntu", "22.04", KernelMachine.X8664, FakeUbuntuArchive.Release, FakeUbuntuArchive.Build);

    private readonly ScratchDirectory _scratch = new("ubuntu-fetch");
    private readonly HttpClient _http = new();
    private readonly LocalHttpRepository _server;
    private readonly string _archive;

    public UbuntuHeaderFetchTests()
    {
        IntegrationRequirement.Require(FakeUbuntuArchive.DpkgDebAvailable, "dpkg-deb (Debian package dpkg) builds and extracts the fake Ubuntu packages");
        _archive = Path.Join(_scratch.Path, "mirror", "ubuntu");
        FakeUbuntuArchive.Create(_archive);
        _server = new LocalHttpRepository(Path.Join(_scratch.Path, "mirror"));
    }

    private string CacheDirectory => Path.Join(_scratch.Path, "cache");

    [Fact]
    public async Task FetchAsync_PackagesOnTheArchive_DownloadsVerifiesCachesAndLocatesTheFlavourFolder()
    {
        var source = Source();
        var progress = new RecordingProgress<HeaderFetchProgress>();
        var root = Path.Join(_scratch.Path, "root");

        var headers = await source.FetchAsync(_target, root, progress, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Join(root, "usr", "src", FakeUbuntuArchive.FlavourPackage), headers.BuildDirectory);
        Assert.Null(headers.MakefilePath);
        Assert.Equal(FakeUbuntuArchive.Compiler, headers.ExpectedCompiler);
        Assert.Equal([FakeUbuntuArchive.FlavourPackage, FakeUbuntuArchive.CommonPackage], headers.Packages.Select(p => p.Name));
        Assert.Equal(0, headers.PackagesFromCache);
        Assert.Equal(2, _server.Requests(".deb"));
        foreach (var package in headers.Packages)
        {
            Assert.Equal(package.Sha256, await HeaderCache.Sha256OfFileAsync(Path.Join(CacheDirectory, "packages", "sha256", package.Sha256), TestContext.Current.CancellationToken));
        }

        Assert.StartsWith("# Top Makefile of the shared tree", await File.ReadAllTextAsync(Path.Join(headers.BuildDirectory, "Makefile"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(headers.BuildDirectory, "include", "linux", "module.h")));
        Assert.True(File.Exists(Path.Join(headers.BuildDirectory, "Module.symvers")));
        Assert.Contains(progress.Reports, p => p.Package.Name == FakeUbuntuArchive.CommonPackage && p.Completed && !p.FromCache);
    }

    [Fact]
    public async Task FetchAsync_SecondFetchIntoAFreshRoot_IsServedFromTheCacheWithoutADownload()
    {
        var token = TestContext.Current.CancellationToken;
        await Source().FetchAsync(_target, Path.Join(_scratch.Path, "first"), null, token);
        Directory.Delete(Path.Join(_archive, "pool"), recursive: true);

        var headers = await Source().FetchAsync(_target, Path.Join(_scratch.Path, "second"), null, token);

        Assert.Equal(2, headers.PackagesFromCache);
        Assert.Equal(2, _server.Requests(".deb"));
        Assert.Equal(FakeUbuntuArchive.Compiler, headers.ExpectedCompiler);
    }

    [Fact]
    public async Task FetchAsync_RootExtractedEarlierFromTheSamePackages_IsReusedWithoutDownloadOrExtraction()
    {
        var token = TestContext.Current.CancellationToken;
        var root = Path.Join(_scratch.Path, "kept");
        var first = await Source().FetchAsync(_target, root, null, token);
        Directory.Delete(Path.Join(CacheDirectory, "packages"), recursive: true);
        var marker = Path.Join(root, "untouched");
        await File.WriteAllTextAsync(marker, "", token);

        var second = await Source().FetchAsync(_target, root, null, token);

        Assert.Equal((first.BuildDirectory, first.MakefilePath, first.ExpectedCompiler, 2), (second.BuildDirectory, second.MakefilePath, second.ExpectedCompiler, second.PackagesFromCache));
        Assert.Equal(first.Packages, second.Packages);
        Assert.True(File.Exists(marker));
        Assert.Equal(2, _server.Requests(".deb"));
    }

    [Fact]
    public async Task FetchAsync_MirrorServesOtherBytesThanTheIndexNames_RefusesNamingThePackageAndKeepsNothing()
    {
        var flavour = FakeUbuntuArchive.FlavourFile(_archive);
        var indexed = FakeUbuntuArchive.Sha256(flavour);
        await File.AppendAllTextAsync(flavour, "tampered", TestContext.Current.CancellationToken);
        var root = Path.Join(_scratch.Path, "root");

        var error = await Assert.ThrowsAsync<PackageDigestMismatchException>(() => Source().FetchAsync(_target, root, null, TestContext.Current.CancellationToken));

        Assert.Contains(FakeUbuntuArchive.FlavourPackage, error.Message, StringComparison.Ordinal);
        Assert.Contains(indexed, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", indexed)));
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task FetchAsync_PackageGoneFromTheMirror_ThrowsUnavailableNamingItAndItsLocation()
    {
        File.Delete(FakeUbuntuArchive.FlavourFile(_archive));

        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => Source().FetchAsync(_target, Path.Join(_scratch.Path, "root"), null, TestContext.Current.CancellationToken));

        Assert.Equal(FakeUbuntuArchive.FlavourPackage, error.Package);
        Assert.Contains(new Uri(_server.BaseUri, "ubuntu/" + FakeUbuntuArchive.Pool).AbsoluteUri, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ExistingFolderOfAnotherKernel_IsRefused()
    {
        var root = Path.Join(_scratch.Path, "other");
        Directory.CreateDirectory(root);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => Source().FetchAsync(_target, root, null, TestContext.Current.CancellationToken));

        Assert.Contains(root, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests(".deb"));
    }

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
        _scratch.Dispose();
    }

    private UbuntuHeaderSource Source() => FakeUbuntuArchive.Source(new Uri(_server.BaseUri, "ubuntu/"), CacheDirectory, _http);
}

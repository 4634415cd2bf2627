using System.Security.Cryptography;
using System.Text;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Compilation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

/// <summary>
/// The Debian source keeping a kernel's packages in the headers cache and building from them after the archive
/// dropped them, with apt scripted: "apt-get download" writes a package file whose bytes the test chose, or fails
/// as apt does for a version its index no longer lists.
/// </summary>
public sealed class DebianHeaderKeepingTests : IDisposable
{
    private static readonly KernelTarget Target = new("debian", "12", KernelMachine.X8664, "6.1.0-40-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.170-1 (2026-05-02)");

    private readonly ScratchDirectory _scratch = new("headers-keep");
    private readonly HashSet<string> _archiveOffers = new(StringComparer.Ordinal);

    private string CacheDirectory => Path.Join(_scratch.Path, "cache");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task KeepAsync_PackagesInArchive_DownloadsVerifiesAndRecordsTheSet()
    {
        var set = Set();
        var runner = Apt();
        var progress = new RecordingProgress<HeaderFetchProgress>();

        var kept = await Source(runner).KeepAsync(set, progress, TestContext.Current.CancellationToken);

        Assert.Equal((3, 0, set.Packages.Sum(p => p.Size)), (kept.Downloaded, kept.AlreadyCached, kept.BytesDownloaded));
        Assert.All(set.Packages, p => Assert.True(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", p.Sha256))));
        Assert.True(File.Exists(Path.Join(CacheDirectory, "targets", $"{Target.CacheKey}.json")));
        Assert.Equal(3, progress.Reports.Count(r => r.Completed && !r.FromCache));
    }

    [Fact]
    public async Task KeepAsync_SeveralPackagesMissing_DownloadsThemWithOneAptCall()
    {
        var set = Set();
        var runner = Apt();

        await Source(runner).KeepAsync(set, null, TestContext.Current.CancellationToken);

        string[] expected = ["download", "-q", .. set.Packages.Select(AptArchive.Specification)];
        Assert.Equal(expected, Assert.Single(runner.Invocations, i => i.Arguments is ["download", ..]).Arguments);
    }

    [Fact]
    public async Task FetchAsync_OnePackageLeftTheArchive_NamesOnlyThatOneAfterTryingEachOnItsOwn()
    {
        var set = Set();
        await Source(Apt()).KeepAsync(set, null, TestContext.Current.CancellationToken);
        foreach (var package in set.Packages)
        {
            File.Delete(Path.Join(CacheDirectory, "packages", "sha256", package.Sha256));
        }

        _archiveOffers.Remove(AptArchive.Specification(set.Packages[1]));

        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => Source(Apt()).FetchAsync(Target, Path.Join(_scratch.Path, "root"), null, TestContext.Current.CancellationToken));

        Assert.Contains("'linux-headers-6.1.0-40-common' version '6.1.170-1'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'linux-kbuild-6.1'", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", set.Packages[2].Sha256)));
    }

    [Fact]
    public async Task KeepAsync_SecondTime_UsesTheCacheWithoutApt()
    {
        var set = Set();
        await Source(Apt()).KeepAsync(set, null, TestContext.Current.CancellationToken);
        var runner = Apt();

        var kept = await Source(runner).KeepAsync(set, null, TestContext.Current.CancellationToken);

        Assert.Equal((0, 3, 0L), (kept.Downloaded, kept.AlreadyCached, kept.BytesDownloaded));
        Assert.Empty(runner.Invocations);
    }

    [Fact]
    public async Task KeepAsync_DownloadDoesNotMatchDigest_FailsAndRecordsNoSet()
    {
        var set = Set();
        var tampered = set with { Packages = [.. set.Packages.Select((p, i) => i == 1 ? p with { Sha256 = Sha256("something else") } : p)] };

        var error = await Assert.ThrowsAnyAsync<HeaderSourceException>(() => Source(Apt()).KeepAsync(tampered, null, TestContext.Current.CancellationToken));

        Assert.Contains("linux-headers-6.1.0-40-common", error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(CacheDirectory, "targets", $"{Target.CacheKey}.json")));
    }

    [Fact]
    public async Task ResolveAsync_KeptKernelNoLongerInTheIndex_ReturnsTheKeptSetWithoutAskingApt()
    {
        var set = Set();
        await Source(Apt()).KeepAsync(set, null, TestContext.Current.CancellationToken);
        _archiveOffers.Clear();
        var runner = Apt();

        var resolved = await Source(runner).ResolveAsync(Target, TestContext.Current.CancellationToken);

        Assert.Equal(set.Packages, resolved.Packages);
        Assert.Empty(runner.Invocations);
    }

    [Fact]
    public async Task FetchAsync_RecordedSetWhosePackagesNeitherCacheNorArchiveHas_NamesEveryMissingPackage()
    {
        var set = Set();
        await Source(Apt()).KeepAsync(set, null, TestContext.Current.CancellationToken);
        File.Delete(Path.Join(CacheDirectory, "packages", "sha256", set.Packages[0].Sha256));
        File.Delete(Path.Join(CacheDirectory, "packages", "sha256", set.Packages[2].Sha256));
        _archiveOffers.Clear();

        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => Source(Apt()).FetchAsync(Target, Path.Join(_scratch.Path, "root"), null, TestContext.Current.CancellationToken));

        Assert.Contains("'linux-headers-6.1.0-40-amd64' version '6.1.170-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'linux-kbuild-6.1' version '6.1.170-1'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("-common'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"neither in the headers cache {CacheDirectory} nor downloadable", error.Message, StringComparison.Ordinal);
        Assert.Equal("linux-headers-6.1.0-40-amd64", error.Package);
        Assert.False(Directory.Exists(Path.Join(_scratch.Path, "root")));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Content(string name) => $"package file of {name}";

    private HeaderPackageSet Set()
    {
        HeaderPackage[] packages =
        [
            new("linux-headers-6.1.0-40-amd64", "6.1.170-1", "amd64", Sha256(Content("linux-headers-6.1.0-40-amd64")), Content("linux-headers-6.1.0-40-amd64").Length, null),
            new("linux-headers-6.1.0-40-common", "6.1.170-1", "all", Sha256(Content("linux-headers-6.1.0-40-common")), Content("linux-headers-6.1.0-40-common").Length, null),
            new("linux-kbuild-6.1", "6.1.170-1", "amd64", Sha256(Content("linux-kbuild-6.1")), Content("linux-kbuild-6.1").Length, null),
        ];
        foreach (var package in packages)
        {
            _archiveOffers.Add(AptArchive.Specification(package));
        }

        return new HeaderPackageSet(Target, packages);
    }

    // "apt-get download name:arch=version..." writes name_version_arch.deb into its working folder for each one, and
    // nothing at all when the index lacks one of them.
    private ScriptedProcessRunner Apt() => new(invocation =>
    {
        if (invocation.Arguments is ["download", "-q", ..])
        {
            var specifications = invocation.Arguments.Skip(2).ToList();
            if (specifications.FirstOrDefault(s => !_archiveOffers.Contains(s)) is { } unknown)
            {
                return (100, [$"E: Can't find a source to download version of '{unknown}'"]);
            }

            foreach (var specification in specifications)
            {
                var name = specification.Split(':')[0];
                var (architecture, version) = (specification.Split(':')[1].Split('=')[0], specification.Split('=')[1]);
                File.WriteAllText(Path.Join(invocation.WorkingDirectory!, $"{name}_{version}_{architecture}.deb"), Content(name));
            }
        }

        return (0, []);
    });

    private DebianHeaderSource Source(IProcessRunner runner) => new(
        Options.Create(new DebianHeaderSourceOptions
        {
            AptDirectory = Path.Join(_scratch.Path, "apt"),
            HostArchitecture = "amd64",
            Sources = { "Types: deb\nURIs: http://archive.invalid/debian\nSuites: bookworm\nComponents: main\n" },
        }),
        Options.Create(new HeaderCacheOptions { Directory = CacheDirectory }),
        runner,
        TimeProvider.System,
        NullLogger<DebianHeaderSource>.Instance);
}

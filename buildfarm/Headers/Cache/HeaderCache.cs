using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Cache;

/// <summary>
/// Header packages kept by digest, because mirrors drop old kernels' packages. Layout under the cache folder:
/// <list type="bullet">
/// <item><c>packages/sha256/&lt;hex&gt;</c>: a package file, named by the sha256 of its bytes; every use re-hashes
/// it, a file whose bytes no longer match is deleted and fetched again;</item>
/// <item><c>targets/&lt;KernelTarget.CacheKey&gt;.json</c>: the exact package set resolved for one kernel, so a later
/// build of that kernel needs no repository at all;</item>
/// <item><c>tmp/</c>: downloads in progress (same file system, so that moving into place is a rename).</item>
/// </list>
/// </summary>
internal sealed class HeaderCache(string directory, ILogger logger)
{
    public string Directory { get; } = directory;

    private string PackagesDirectory => Path.Join(Directory, "packages", "sha256");

    private string TargetsDirectory => Path.Join(Directory, "targets");

    public string PackagePath(string sha256) => Path.Join(PackagesDirectory, sha256);

    /// <summary>The cached file of a package when present and its bytes hash to the expected digest.</summary>
    public async Task<string?> TryGetVerifiedAsync(HeaderPackage package, CancellationToken cancellationToken)
    {
        var path = PackagePath(package.Sha256);
        if (!File.Exists(path))
        {
            return null;
        }

        if (await Sha256OfFileAsync(path, cancellationToken) == package.Sha256)
        {
            return path;
        }

        File.Delete(path);
        HeadersLog.CorruptCacheEntry(logger, package.Sha256);
        return null;
    }

    /// <summary>Moves a downloaded file into the cache after checking its digest against the index's.</summary>
    /// <exception cref="HeaderSourceException">The download's bytes are not the package the index names.</exception>
    public async Task<string> AddAsync(HeaderPackage package, string downloadedFile, CancellationToken cancellationToken)
    {
        var actual = await Sha256OfFileAsync(downloadedFile, cancellationToken);
        if (actual != package.Sha256)
        {
            throw new HeaderSourceException(
                $"Downloaded {package.Name} {package.Version} ({package.Architecture}) has sha256 {actual}, but the repository index says {package.Sha256}.");
        }

        System.IO.Directory.CreateDirectory(PackagesDirectory);
        var path = PackagePath(package.Sha256);
        File.Move(downloadedFile, path, overwrite: true);
        return path;
    }

    /// <summary>A fresh folder under tmp/ for one download or extraction.</summary>
    public string NewWorkDirectory()
    {
        var path = Path.Join(Directory, "tmp", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public HeaderPackageSet? TryGetSet(KernelTarget target)
    {
        var path = SetPath(target);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var set = JsonSerializer.Deserialize(File.ReadAllText(path), HeaderCacheJsonContext.Default.HeaderPackageSet);
            return set is not null && set.Target == target ? set : null;
        }
        catch (JsonException)
        {
            // A damaged record is a miss: the set is resolved again and the record rewritten.
            return null;
        }
    }

    public void StoreSet(HeaderPackageSet set)
    {
        System.IO.Directory.CreateDirectory(TargetsDirectory);
        FileWrites.WriteAllTextAtomic(SetPath(set.Target), JsonSerializer.Serialize(set, HeaderCacheJsonContext.Default.HeaderPackageSet));
    }

    public static async Task<string> Sha256OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private string SetPath(KernelTarget target) => Path.Join(TargetsDirectory, $"{target.CacheKey}.json");
}

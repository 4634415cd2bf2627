using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Ubuntu;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Reads a Debian or Ubuntu kernel's exact <c>uname -v</c> from its flavour headers package: the package ships
/// the kernel's generated <c>include/generated/utsversion.h</c> (<c>compile.h</c> before Linux 5.19), whose
/// UTS_VERSION is the string the running kernel prints. The index has the package version but not the build
/// date, and the variant key needs the whole string. Each package is read once: the package file goes into the
/// headers cache (where builds find it later) and the string into <c>build-strings/&lt;sha256&gt;</c> beside it.
/// </summary>
internal sealed class AptBuildStringReader(AptArchive archive, HeaderCache cache, DebPackageExtractor extractor)
{
    /// <exception cref="HeaderSourceException">The package could not be fetched, or holds no build string that fits its version.</exception>
    public async Task<BuildStringResolution?> ReadAsync(CatalogKernel kernel, CancellationToken cancellationToken)
    {
        if (kernel.Distro is not ("debian" or "ubuntu") || kernel.HeaderPackages.Count == 0)
        {
            return null;
        }

        var flavour = kernel.HeaderPackages[0];
        var memo = new BuildStringMemo(cache);
        if (memo.TryRead(flavour.Sha256) is { } remembered)
        {
            return remembered;
        }

        var package = new HeaderPackage(flavour.Name, flavour.Version, flavour.Architecture, flavour.Sha256, flavour.Size, null);
        var file = await cache.TryGetVerifiedAsync(package, cancellationToken) ?? await DownloadAsync(package, cancellationToken);
        var work = cache.NewWorkDirectory();
        try
        {
            var root = Path.Join(work, "root");
            await extractor.ExtractAsync([file], root, package.Sha256, [], cancellationToken);
            var generated = Path.Join(root, "usr", "src", $"linux-headers-{kernel.Release}", "include", "generated");
            var (buildString, header) = GeneratedHeaders.ReadUtsVersion(generated)
                ?? throw new HeaderSourceException($"{package.Name} {package.Version} has no UTS_VERSION in {generated}/utsversion.h or compile.h.");
            Check(kernel, buildString, package);
            var resolution = new BuildStringResolution(buildString, $"include/generated/{header} of {package.Name} {package.Version}");
            memo.Write(flavour.Sha256, resolution);
            return resolution;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // The string must name the package's own build, or the headers and the kernel are not one upload.
    public static void Check(CatalogKernel kernel, string buildString, HeaderPackage package)
    {
        var target = new KernelTarget(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, buildString);
        try
        {
            var version = kernel.Distro == "debian" ? DebianBuildString.ParsePackageVersion(target) : UbuntuBuildString.ParsePackageVersion(target);
            if (version == kernel.PackageVersion)
            {
                return;
            }

            throw new HeaderSourceException($"{package.Name} {package.Version} has UTS_VERSION '{buildString}', which names version {version}.");
        }
        catch (InvalidKernelTargetException e)
        {
            throw new HeaderSourceException($"{package.Name} {package.Version} has UTS_VERSION '{buildString}', which does not fit it: {e.Message}", e);
        }
    }

    private async Task<string> DownloadAsync(HeaderPackage package, CancellationToken cancellationToken)
    {
        var work = cache.NewWorkDirectory();
        try
        {
            var downloaded = await archive.DownloadAsync(package, work, cancellationToken);
            return await cache.AddAsync(package, downloaded, cancellationToken);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using KernelAgent.BuildFarm.Matrix.Catalog;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>Whether a reported <c>uname -v</c> belongs to a catalog kernel whose own build string is unknown.</summary>
internal static class BuildStringMatcher
{
    public static bool Fits(CatalogKernel kernel, string buildString)
    {
        var target = new KernelTarget(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, buildString);
        try
        {
            return kernel.Distro switch
            {
                "debian" => DebianBuildString.ParsePackageVersion(target) == kernel.PackageVersion,
                "ubuntu" => UbuntuBuildString.ParsePackageVersion(target) == kernel.PackageVersion,
                // RPM kernels carry version-release in uname -r; the build string adds only the build date.
                _ => true,
            };
        }
        catch (InvalidKernelTargetException)
        {
            return false;
        }
    }
}

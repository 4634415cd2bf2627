namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Finds the kbuild entry point in an extracted RPM -devel package: <c>usr/src/kernels/&lt;uname -r&gt;</c> is a
/// complete build tree with its own top-level Makefile (no include outside it, unlike Debian's), so kbuild runs
/// there with that Makefile.
/// </summary>
internal static class RpmHeaderLayout
{
    /// <exception cref="HeaderSourceException">The package holds no build tree for that kernel.</exception>
    public static KernelHeaders Locate(HeaderPackageSet set, string rootDirectory, int packagesFromCache)
    {
        var target = set.Target;
        var buildDirectory = Path.Join(rootDirectory, "usr", "src", "kernels", target.KernelRelease);
        var config = Path.Join(buildDirectory, ".config");
        var makefile = Path.Join(buildDirectory, "Makefile");
        var missing = new[] { config, makefile }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new HeaderSourceException(
                $"The header packages of {target} ({string.Join(", ", set.Packages.Select(p => $"{p.Name} {p.Version} {p.Architecture}"))}) " +
                $"extracted into '{rootDirectory}' have no {string.Join(" and no ", missing.Select(f => $"'{f}'"))}.");
        }

        return new KernelHeaders(
            target,
            rootDirectory,
            buildDirectory,
            MakefilePath: null,
            KernelConfig.ReadValue(config, "CONFIG_CC_VERSION_TEXT"),
            set.Packages,
            packagesFromCache);
    }
}

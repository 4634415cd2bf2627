namespace KernelAgent.Agent.Identity;

/// <summary>Finds installed kernels under the host root and records what their files state about them.</summary>
internal sealed class InstalledKernelScanner : IInstalledKernelScanner
{
    public const string ModulesDirectory = "lib/modules";
    public const string BootDirectory = "boot";
    private const string ImagePrefix = "vmlinuz-";

    /// <summary>dracut's rescue image (51-dracut-rescue.install) is a copy of another kernel, not a kernel of its own.</summary>
    private const string RescueImagePrefix = "0-rescue-";

    private readonly HostRoot _root;

    public InstalledKernelScanner(HostRoot root)
    {
        _root = root;
    }

    public IReadOnlyList<InstalledKernel> Scan(string runningRelease)
    {
        var releases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in EntryNames(ModulesDirectory))
        {
            if (Exists($"{ModulesDirectory}/{name}/modules.dep") || Exists($"{ModulesDirectory}/{name}/build"))
            {
                releases.Add(name);
            }
        }

        foreach (var name in EntryNames(BootDirectory))
        {
            if (name.StartsWith(ImagePrefix, StringComparison.Ordinal) && name.Length > ImagePrefix.Length
                && !name.AsSpan(ImagePrefix.Length).StartsWith(RescueImagePrefix, StringComparison.Ordinal))
            {
                releases.Add(name[ImagePrefix.Length..]);
            }
        }

        releases.Remove(runningRelease);
        var packageVersions = DpkgStatus.InstalledVersions(_root, releases.SelectMany(ImagePackageNames).ToHashSet(StringComparer.Ordinal));
        return releases.Select(release => Describe(release, packageVersions)).ToList();
    }

    /// <summary>
    /// Debian names the signed image <c>linux-image-&lt;release&gt;</c> and the unsigned one
    /// <c>linux-image-&lt;release&gt;-unsigned</c>; Ubuntu calls the latter <c>linux-image-unsigned-&lt;release&gt;</c>.
    /// </summary>
    private static IEnumerable<string> ImagePackageNames(string release) =>
        [$"linux-image-{release}", $"linux-image-{release}-unsigned", $"linux-image-unsigned-{release}"];

    private InstalledKernel Describe(string release, IReadOnlyDictionary<string, string> packageVersions)
    {
        var buildString = KernelHeadersBuildString.Read(_root, release, out var buildStringSource);
        var (packageVersion, packageVersionSource) = PackageVersion(release, packageVersions);
        return new InstalledKernel(
            release,
            buildString,
            buildStringSource,
            packageVersion,
            packageVersionSource,
            HasModules: Exists($"{ModulesDirectory}/{release}/modules.dep"),
            HasHeaders: Directory.Exists(ResolveOrNull($"{ModulesDirectory}/{release}/build")),
            HasKernelImage: Exists($"{BootDirectory}/{ImagePrefix}{release}"));
    }

    /// <summary>
    /// dpkg's own record first. The changelog is only a fallback for a host without a readable dpkg
    /// database, and only when written by the kernel's own source package: Debian's signed images are
    /// built from <c>linux-signed-amd64 (6.1.192+2)</c> while the image, and <c>uname -v</c>, say
    /// <c>6.1.192-2</c> (and their doc folder ships no changelog.Debian.gz at all).
    /// </summary>
    private (string? Version, string? Source) PackageVersion(string release, IReadOnlyDictionary<string, string> packageVersions)
    {
        foreach (var package in ImagePackageNames(release))
        {
            if (packageVersions.TryGetValue(package, out var version))
            {
                return (version, $"{_root.Display(DpkgStatus.StatusPath)} (Package: {package})");
            }
        }

        foreach (var package in ImagePackageNames(release))
        {
            var changelog = $"usr/share/doc/{package}/changelog.Debian.gz";
            var version = DebianChangelog.FirstVersion(_root, changelog, out var source);
            if (version is not null && source is not null && !source.StartsWith("linux-signed", StringComparison.Ordinal))
            {
                return (version, _root.Display(changelog));
            }
        }

        return (null, null);
    }

    private List<string> EntryNames(string relativeDirectory)
    {
        var path = ResolveOrNull(relativeDirectory);
        if (path is null || !Directory.Exists(path))
        {
            return [];
        }

        try
        {
            return Directory.EnumerateFileSystemEntries(path).Select(entry => Path.GetFileName(entry)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException(new IdentityProblem(_root.Display(relativeDirectory), null, $"cannot be listed: {e.Message}"), e);
        }
    }

    private bool Exists(string relativePath)
    {
        var path = ResolveOrNull(relativePath);
        return path is not null && (File.Exists(path) || Directory.Exists(path));
    }

    private string? ResolveOrNull(string relativePath)
    {
        try
        {
            return _root.Resolve(relativePath);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

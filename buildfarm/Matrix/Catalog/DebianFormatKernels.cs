using System.Text;
using System.Text.RegularExpressions;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Finds the exact kernels in Debian-format Packages indexes (Debian and Ubuntu). A kernel is a flavour headers
/// package, <c>linux-headers-&lt;uname -r&gt;</c>, whose Depends name the ABI's common headers
/// (Debian: <c>linux-headers-&lt;abi&gt;-common</c>; Ubuntu: <c>linux[-variant]-headers-&lt;abi&gt;</c>) where
/// <c>uname -r</c> is that ABI plus the flavour. Meta-packages (<c>linux-headers-amd64</c>,
/// <c>linux-headers-6.12-amd64</c>) depend on a flavour package instead, and so are not kernels.
/// The rest of the set is chosen exactly as the header source will choose it (<see cref="DebianHeaderSelection"/>).
/// </summary>
internal static partial class DebianFormatKernels
{
    private const string HeadersPrefix = "linux-headers-";

    /// <summary>Only the stanzas of header and kbuild packages: a Packages index has 60k stanzas, a few hundred matter.</summary>
    public static IEnumerable<DebianControlStanza> ReadHeaderStanzas(TextReader reader)
    {
        var stanza = new StringBuilder();
        var skipping = false;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                if (stanza.Length > 0)
                {
                    yield return DebianControlStanza.ParseAll(stanza.ToString())[0];
                    stanza.Clear();
                }

                skipping = false;
                continue;
            }

            if (skipping)
            {
                continue;
            }

            if (stanza.Length == 0 && line.StartsWith("Package:", StringComparison.Ordinal)
                && !DebianHeaderSelection.IsHeaderPackage(line["Package:".Length..].Trim()))
            {
                skipping = true;
                continue;
            }

            stanza.Append(line).Append('\n');
        }

        if (stanza.Length > 0)
        {
            yield return DebianControlStanza.ParseAll(stanza.ToString())[0];
        }
    }

    /// <summary>Stanzas grouped by package name, for choosing dependencies.</summary>
    public static ILookup<string, DebianControlStanza> ByName(IEnumerable<DebianControlStanza> stanzas) =>
        stanzas.Where(s => s["Package"] is not null).ToLookup(s => s["Package"]!, StringComparer.Ordinal);

    /// <summary>
    /// The kernels among <paramref name="stanzas"/>, with their header sets chosen from <paramref name="dependencies"/>.
    /// Kernels whose set is incomplete are left out with a warning: the farm could not build for them.
    /// </summary>
    public static IReadOnlyList<CatalogKernel> Find(
        IEnumerable<DebianControlStanza> stanzas, ILookup<string, DebianControlStanza> dependencies, string distro, string distroVersion, string origin, List<string> warnings)
    {
        var kernels = new List<CatalogKernel>();
        foreach (var stanza in stanzas)
        {
            if (ToKernel(stanza, dependencies, distro, distroVersion, origin, warnings) is { } kernel)
            {
                kernels.Add(kernel);
            }
        }

        return kernels;
    }

    private static CatalogKernel? ToKernel(
        DebianControlStanza stanza, ILookup<string, DebianControlStanza> dependencies, string distro, string distroVersion, string origin, List<string> warnings)
    {
        var name = stanza["Package"];
        var version = stanza["Version"];
        var machine = KernelMachines.FromPackageArchitecture(stanza["Architecture"] ?? "");
        if (name is null || version is null || machine is null || !name.StartsWith(HeadersPrefix, StringComparison.Ordinal)
            || name.Length == HeadersPrefix.Length || !char.IsAsciiDigit(name[HeadersPrefix.Length]))
        {
            return null;
        }

        var release = name[HeadersPrefix.Length..];
        var headerDependencies = DebianHeaderSelection.HeaderDependencies(stanza);
        var abi = headerDependencies.Select(d => AbiOf(d.Name)).FirstOrDefault(a => a is not null && release.StartsWith(a + "-", StringComparison.Ordinal));
        if (abi is null)
        {
            return null;
        }

        var where = $"the {distro} {distroVersion} package indexes";
        var target = new KernelTarget(distro, distroVersion, machine, release, $"(package version {version})");
        var packages = new List<CatalogPackage> { ToPackage(stanza, where) };
        try
        {
            foreach (var dependency in headerDependencies)
            {
                var chosen = DebianHeaderSelection.ChooseDependency(target, dependency, version, dependencies[dependency.Name], where);
                packages.Add(ToPackage(chosen, where));
            }
        }
        catch (HeadersUnavailableException e)
        {
            warnings.Add($"{distro} {distroVersion} {machine} {release} {version} left out: {e.Message}");
            return null;
        }

        return new CatalogKernel
        {
            Distro = distro,
            DistroVersion = distroVersion,
            Arch = machine,
            Release = release,
            Flavour = release[(abi.Length + 1)..],
            Series = KernelMachines.SeriesOf(abi),
            Abi = abi,
            PackageVersion = version,
            Compiler = DebianDependency.ParseDepends(stanza["Depends"]).Select(d => CompilerDependency().Match(d.Name)).FirstOrDefault(m => m.Success)?.Groups["compiler"].Value,
            Origin = origin,
            HeaderPackages = [.. packages.DistinctBy(p => p.Sha256)],
        };
    }

    // "linux-headers-6.1.0-56-common" -> "6.1.0-56"; "linux-aws-headers-5.15.0-1051" -> "5.15.0-1051"; kbuild -> null.
    private static string? AbiOf(string dependency)
    {
        var at = dependency.IndexOf("headers-", StringComparison.Ordinal);
        if (at < 0 || dependency.StartsWith("linux-kbuild-", StringComparison.Ordinal))
        {
            return null;
        }

        var abi = dependency[(at + "headers-".Length)..];
        foreach (var suffix in (string[])["-common-rt", "-common"])
        {
            if (abi.EndsWith(suffix, StringComparison.Ordinal))
            {
                return abi[..^suffix.Length];
            }
        }

        return abi;
    }

    private static CatalogPackage ToPackage(DebianControlStanza stanza, string where)
    {
        var package = DebianHeaderSelection.ToHeaderPackage(stanza, where);
        return CatalogPackage.Sha256Of(package.Sha256) is { } sha256
            ? new CatalogPackage(package.Name, package.Version, package.Architecture, sha256, package.Size)
            : throw new HeaderSourceException($"Package {package.Name} {package.Version} in {where} has SHA256 '{package.Sha256}', which is not a sha256 digest.");
    }

    // Debian 6.1 kernels depend on linux-compiler-gcc-12-x86, 6.12 on gcc-12 itself.
    [GeneratedRegex(@"^(?:linux-compiler-)?(?<compiler>gcc-[0-9]+)(?:-|$)", RegexOptions.CultureInvariant)]
    private static partial Regex CompilerDependency();
}

using System.Collections.Concurrent;
using System.Globalization;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// dkms.conf's BUILD_DEPENDS at build time: the other DKMS drivers (by PACKAGE_NAME) that must be built for the same
/// kernel before this one. dkms refuses to build a module whose BUILD_DEPENDS are not built for that kernel ("missing
/// BUILD_DEPENDS", exit 13) and its autoinstall builds them first; the farm builds them first, for the same kernel,
/// and refuses by name a dependency that is not registered or that closes a cycle. Only a literal BUILD_DEPENDS is
/// read (the registration precheck's), once per registered source digest.
/// </summary>
internal sealed class BuildDependsResolver(IDriverRegistry drivers)
{
    // dkms picks the newest version it has of a dependency (its VER() ordering compares numbers as numbers).
    private static readonly StringComparer s_versions = StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.NumericOrdering);

    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _names = new(StringComparer.Ordinal);

    /// <summary>The variants to build first, in BUILD_DEPENDS order, or why the build cannot happen.</summary>
    /// <param name="variant">The variant to build.</param>
    /// <param name="chain">The drivers whose BUILD_DEPENDS led here, outermost first (a cycle names them).</param>
    /// <param name="cancellationToken">Stops reading the source.</param>
    public async Task<(IReadOnlyList<ArtifactVariant> First, string? Problem)> ResolveAsync(
        ArtifactVariant variant, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        var driver = drivers.Find(variant.Driver.Name, variant.Driver.Version);
        IReadOnlyList<string> names;
        try
        {
            names = await _names.GetOrAdd(driver.Sha256 + "\0" + driver.SourcePath, _ => new(() => ReadAsync(driver.SourcePath))).Value.WaitAsync(cancellationToken);
        }
        catch (DriverSourceException e)
        {
            _names.TryRemove(driver.Sha256 + "\0" + driver.SourcePath, out _);
            return ([], $"{driver.Name} {driver.Version}: its BUILD_DEPENDS cannot be read: {e.Message}");
        }

        var first = new List<ArtifactVariant>(names.Count);
        foreach (var name in names)
        {
            if (name == driver.Name || chain.Contains(name, StringComparer.Ordinal))
            {
                var cycle = chain.SkipWhile(c => c != name).Append(driver.Name).Append(name);
                return ([], $"circular BUILD_DEPENDS: {string.Join(" -> ", cycle)}");
            }

            var dependency = drivers.Drivers.Where(d => d.Name == name).MaxBy(d => d.Version, s_versions);
            if (dependency is null)
            {
                return ([], $"{driver.Name} {driver.Version} cannot build for {variant.Kernel.KernelRelease}: its BUILD_DEPENDS names '{name}', " +
                    "which is not a registered driver (dkms: missing BUILD_DEPENDS); register it (kernel-buildfarm drivers add)");
            }

            first.Add(ArtifactVariant.Create(variant.Kernel, new DriverIdentity(dependency.Name, dependency.Version)));
        }

        return (first, null);
    }

    // The inspection reads the tree as `drivers check` does; a source without dkms.conf has no BUILD_DEPENDS.
    private static async Task<IReadOnlyList<string>> ReadAsync(string source) =>
        (await DriverSourceInspection.InspectAsync(source, CancellationToken.None)).Precheck.BuildDepends;
}

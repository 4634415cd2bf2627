namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Picks the exact packages of a Debian-format header set (Debian and Ubuntu) from what a repository
/// offers. The flavour package (<c>linux-headers-&lt;uname -r&gt;</c>) must exist at exactly the build's
/// version; its Depends then name the rest of the set:
/// <list type="bullet">
/// <item>"= v" (the -common package): exactly v;</item>
/// <item>no version (6.12's per-release linux-kbuild, Ubuntu's common package): exactly the build's version,
/// since both come from the same source upload;</item>
/// <item>"&gt;= v" (6.1's shared linux-kbuild-6.1, of which only the newest stays downloadable): the build's
/// own version when still offered, else the newest version that satisfies the relation.</item>
/// </list>
/// </summary>
internal static class DebianHeaderSelection
{
    /// <summary>The relations of a flavour package that belong to the header set (common headers, kbuild).</summary>
    public static IReadOnlyList<DebianDependency> HeaderDependencies(DebianControlStanza flavour) =>
        [.. DebianDependency.ParseDepends(flavour["Depends"]).Where(d => IsHeaderPackage(d.Name))];

    public static bool IsHeaderPackage(string name) =>
        name.StartsWith("linux-kbuild-", StringComparison.Ordinal)
        || (name.StartsWith("linux-", StringComparison.Ordinal) && name.Contains("-headers-", StringComparison.Ordinal));

    /// <exception cref="HeadersUnavailableException">No candidate has exactly that version.</exception>
    public static DebianControlStanza ChooseExact(
        KernelTarget target, string name, string version, IEnumerable<DebianControlStanza> candidates, string where) =>
        candidates.FirstOrDefault(c => c["Package"] == name && c["Version"] == version)
        ?? throw new HeadersUnavailableException(target, name, version, where);

    /// <exception cref="HeadersUnavailableException">No candidate satisfies the relation as the rules above read it.</exception>
    public static DebianControlStanza ChooseDependency(
        KernelTarget target,
        DebianDependency dependency,
        string buildVersion,
        IEnumerable<DebianControlStanza> candidates,
        string where)
    {
        var offered = candidates.Where(c => c["Package"] == dependency.Name && c["Version"] is not null).ToList();
        switch (dependency.Operator)
        {
            case null:
                return ChooseExact(target, dependency.Name, buildVersion, offered, where);
            case "=":
                return ChooseExact(target, dependency.Name, dependency.Version!, offered, where);
            default:
                var satisfying = offered.Where(c => dependency.IsSatisfiedBy(c["Version"]!)).ToList();
                return satisfying.FirstOrDefault(c => c["Version"] == buildVersion)
                    ?? satisfying.OrderByDescending(c => c["Version"]!, Comparer<string>.Create(DebianVersion.Compare)).FirstOrDefault()
                    ?? throw new HeadersUnavailableException(
                        target, dependency.Name, $"{dependency.Operator} {dependency.Version}", where);
        }
    }

    /// <summary>The package record of a chosen stanza; <paramref name="location"/> when the caller knows it.</summary>
    public static HeaderPackage ToHeaderPackage(DebianControlStanza stanza, string where, Uri? location = null)
    {
        var size = long.TryParse(stanza["Size"], out var parsed) ? parsed : throw new HeaderSourceException(
            $"Package '{stanza["Package"]}' in {where} has no valid Size field.");
        return new HeaderPackage(
            stanza.Required("Package", where),
            stanza.Required("Version", where),
            stanza.Required("Architecture", where),
            stanza.Required("SHA256", where).ToLowerInvariant(),
            size,
            location);
    }
}

using KernelAgent.BuildFarm.Headers.Cache;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Finds a kernel's exact -devel package in the configured RPM repositories: the package whose
/// version-release-arch equals <c>uname -r</c> (RPM kernels carry their whole build identity there).
/// One package holds the whole build tree (/usr/src/kernels/&lt;uname -r&gt;), so the set has one member.
/// A resolved set is recorded in the headers cache and used from there, so a kernel the repositories no longer
/// list still resolves.
/// </summary>
internal sealed class RpmHeaderResolver(RpmHeaderSourceOptions options, RpmRepositoryIndex index, HeaderCache cache)
{
    /// <exception cref="HeadersUnavailableException">Neither the headers cache nor any configured repository has that exact package.</exception>
    public async Task<HeaderPackageSet> ResolveAsync(KernelTarget target, RpmKernelRelease release, IReadOnlyList<string> packageNames, CancellationToken cancellationToken)
    {
        if (cache.TryGetSet(target) is { } recorded)
        {
            return recorded;
        }

        var repositories = options.Repositories.Where(r => r.Serves(target) && r.BaseUri is not null).ToList();
        var where = repositories.Count == 0
            ? $"any configured RPM repository (none is configured for {target.DistroId} {target.DistroVersionId} {target.Architecture})"
            : $"the RPM repositories {string.Join(", ", repositories.Select(r => r.BaseUri))}";
        foreach (var repository in repositories)
        {
            var baseUri = repository.BaseUri!.AbsoluteUri.EndsWith('/') ? repository.BaseUri : new Uri(repository.BaseUri.AbsoluteUri + "/");
            var entries = await index.FindAsync(baseUri, packageNames.ToHashSet(), cancellationToken);
            // The first candidate name that exists at exactly this build wins (names are in preference order).
            var match = packageNames
                .Select(name => entries.FirstOrDefault(e => e.Name == name && e.Version == release.Version && e.Release == release.Release && e.Architecture == release.Architecture))
                .FirstOrDefault(e => e is not null);
            if (match is not null)
            {
                if (match.ChecksumType != "sha256")
                {
                    throw new HeaderSourceException($"{match.Name} {match.FullVersion} in {baseUri} has only a {match.ChecksumType} checksum; the farm records sha256 digests.");
                }

                var set = new HeaderPackageSet(target, [new HeaderPackage(match.Name, match.FullVersion, match.Architecture, match.Checksum, match.Size, new Uri(baseUri, match.LocationHref))]);
                cache.StoreSet(set);
                return set;
            }
        }

        throw new HeadersUnavailableException(target, packageNames[0], $"{release.VersionRelease}.{release.Architecture}", $"the headers cache {cache.Directory} or {where}");
    }
}

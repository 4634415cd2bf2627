namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// Compares a target with what its fetched headers record about the exact build they come from (before anything is
/// compiled): <c>uname -r</c> with UTS_RELEASE, the whole <c>uname -v</c> (date included) with UTS_VERSION,
/// <c>uname -m</c> with the tree's machine, and VERSION_ID with the release the packages name. A header source
/// resolves packages from the parts of a target that name them (Debian's package version, RPM's release), so the
/// other parts (a build date, a distribution version) are only proven here.
/// </summary>
internal static class ExactBuildCheck
{
    /// <param name="headers">The fetched headers of <see cref="KernelHeaders.Target"/>.</param>
    /// <param name="distroVersion">The release the packages name, when the family's packages name one.</param>
    /// <param name="buildStringRequired">
    /// Whether the family's header packages always carry UTS_VERSION (Debian's do): a tree without it is then refused,
    /// else the build string is proven only by the parts of it the packages were resolved by.
    /// </param>
    /// <returns><paramref name="headers"/>.</returns>
    /// <exception cref="InvalidKernelTargetException">Fields differ from the headers: every one is named with what the headers say.</exception>
    /// <exception cref="HeaderSourceException">The headers do not record what must be compared.</exception>
    public static KernelHeaders Verified(KernelHeaders headers, DistroVersionEvidence? distroVersion, bool buildStringRequired)
    {
        var target = headers.Target;
        var generated = Path.Join(headers.BuildDirectory, "include", "generated");
        var problems = new List<KernelTargetProblem>();

        var release = GeneratedHeaders.ReadRelease(headers.BuildDirectory)
            ?? throw new HeaderSourceException($"The headers of {target} record no UTS_RELEASE ({generated}/utsrelease.h): the kernel they belong to cannot be checked.");
        if (release != target.KernelRelease)
        {
            problems.Add(new(nameof(KernelTarget.KernelRelease), $"is '{target.KernelRelease}', but the kernel's headers are for '{release}' (UTS_RELEASE)"));
        }

        if (GeneratedHeaders.ReadUtsVersion(generated) is var (buildString, header))
        {
            if (buildString != target.KernelBuild)
            {
                problems.Add(new(nameof(KernelTarget.KernelBuild), $"is '{target.KernelBuild}', but the kernel's headers record '{buildString}' (UTS_VERSION in include/generated/{header}): no such build exists"));
            }
        }
        else if (buildStringRequired)
        {
            throw new HeaderSourceException($"The headers of {target} record no UTS_VERSION ({generated}/utsversion.h or compile.h): the build string cannot be checked.");
        }

        if (GeneratedHeaders.ReadMachine(headers.BuildDirectory) is { } machine && machine != target.Architecture)
        {
            problems.Add(new(nameof(KernelTarget.Architecture), $"is '{target.Architecture}', but the kernel's headers are for '{machine}'"));
        }

        if (distroVersion is not null && distroVersion.VersionId != target.DistroVersionId)
        {
            problems.Add(new(nameof(KernelTarget.DistroVersionId), $"is '{target.DistroVersionId}', but this kernel belongs to VERSION_ID '{distroVersion.VersionId}' ({distroVersion.Source})"));
        }

        if (problems.Count > 0)
        {
            throw new InvalidKernelTargetException(target, problems);
        }

        return headers;
    }
}

namespace KernelAgent.BuildFarm.Headers;

/// <summary>What an RPM family's fetch says until extraction of .rpm packages is implemented.</summary>
internal static class RpmFetch
{
    public static HeaderSourceException NotImplemented(KernelTarget target, HeaderPackageSet set) =>
        new($"Building for RPM-based kernels is not implemented yet: {target} resolves to " +
            $"{string.Join(", ", set.Packages.Select(p => $"{p.Name} {p.Version} {p.Architecture} ({p.Location}, sha256 {p.Sha256})"))}.");
}

namespace KernelAgent.BuildFarm.Headers;

/// <summary>The exact package a kernel needs is not available: the farm will not substitute another build.</summary>
internal sealed class HeadersUnavailableException : HeaderSourceException
{
    public HeadersUnavailableException(KernelTarget target, string package, string version, string where)
        : base($"Headers for {target} are not available: package '{package}' version '{version}' is not in {where}.")
    {
        Target = target;
        Package = package;
        Version = version;
    }

    /// <summary>The target's recorded packages that neither the headers cache nor the repository can supply.</summary>
    public HeadersUnavailableException(KernelTarget target, IReadOnlyList<HeaderPackage> missing, string cacheDirectory, string where, Exception? innerException)
        : base(
            $"Headers for {target} are not available: {string.Join(", ", missing.Select(p => $"'{p.Name}' version '{p.Version}' ({p.Architecture}, sha256 {p.Sha256})"))} " +
            $"{(missing.Count == 1 ? "is" : "are")} neither in the headers cache {cacheDirectory} nor downloadable from {where}." +
            (innerException is null ? "" : $" Last error: {innerException.Message}"),
            innerException)
    {
        Target = target;
        Package = missing[0].Name;
        Version = missing[0].Version;
    }

    public KernelTarget Target { get; }

    public string Package { get; }

    public string Version { get; }
}

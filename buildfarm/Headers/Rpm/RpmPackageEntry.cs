namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>One &lt;package&gt; of a repository's primary.xml (createrepo's metadata format).</summary>
internal sealed record RpmPackageEntry(
    string Name,
    string Architecture,
    string Epoch,
    string Version,
    string Release,
    string ChecksumType,
    string Checksum,
    long Size,
    string LocationHref)
{
    /// <summary>"[epoch:]version-release", with a zero epoch left out.</summary>
    public string FullVersion => Epoch is "" or "0" ? $"{Version}-{Release}" : $"{Epoch}:{Version}-{Release}";
}

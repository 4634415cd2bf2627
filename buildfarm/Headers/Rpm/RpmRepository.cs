namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>One RPM repository (a folder with repodata/repomd.xml) and the kernels it serves.</summary>
internal sealed class RpmRepository
{
    /// <summary>os-release ID, e.g. "rhel", "rocky", "almalinux", "centos", "ol", "amzn".</summary>
    public string DistroId { get; set; } = "";

    /// <summary>os-release VERSION_ID or its major part: "9" serves "9", "9.3", "9.4".</summary>
    public string VersionId { get; set; } = "";

    /// <summary><c>uname -m</c>: "x86_64" or "aarch64".</summary>
    public string Architecture { get; set; } = "";

    public Uri? BaseUri { get; set; }

    /// <summary>
    /// ASCII-armored OpenPGP public keys (files) that sign this repository's packages, e.g. RPM-GPG-KEY-redhat-release.
    /// Every package is checked with <c>rpmkeys --checksig</c> against these alone before it is used. Required unless
    /// <see cref="AllowUnsigned"/>.
    /// </summary>
    public IList<string> GpgKeys { get; init; } = [];

    /// <summary>
    /// Build from this repository's packages without checking their signatures (a local mirror of unsigned test
    /// packages). Default false: a repository with no <see cref="GpgKeys"/> is refused.
    /// </summary>
    public bool AllowUnsigned { get; set; }

    public bool Serves(KernelTarget target) =>
        DistroId == target.DistroId
        && Architecture == target.Architecture
        && (VersionId == target.DistroVersionId || target.DistroVersionId.StartsWith(VersionId + ".", StringComparison.Ordinal));
}

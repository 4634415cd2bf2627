namespace KernelAgent.BuildFarm.Headers;

/// <summary>One RPM repository (a folder with repodata/repomd.xml) and the kernels it serves.</summary>
public sealed class RpmRepository
{
    /// <summary>os-release ID, e.g. "rhel", "rocky", "almalinux", "centos", "ol", "amzn".</summary>
    public string DistroId { get; set; } = "";

    /// <summary>os-release VERSION_ID or its major part: "9" serves "9", "9.3", "9.4".</summary>
    public string VersionId { get; set; } = "";

    /// <summary><c>uname -m</c>: "x86_64" or "aarch64".</summary>
    public string Architecture { get; set; } = "";

    public Uri? BaseUri { get; set; }

    public bool Serves(KernelTarget target) =>
        DistroId == target.DistroId
        && Architecture == target.Architecture
        && (VersionId == target.DistroVersionId || target.DistroVersionId.StartsWith(VersionId + ".", StringComparison.Ordinal));
}

using System.Runtime.InteropServices;

namespace KernelAgent.BuildFarm.Headers.Ubuntu;

/// <summary>
/// Where the Ubuntu header source reads its apt Packages indexes and package files (the farm's configuration; no
/// default host), and how long each read and extraction may take.
/// </summary>
internal sealed class UbuntuHeaderSourceOptions
{
    /// <summary>Configuration section the farm binds these options from.</summary>
    public const string Section = "Headers:Ubuntu";

    /// <summary>Archive holding amd64 (the "ubuntu" archive root: contains dists/ and pool/).</summary>
    public Uri? ArchiveUri { get; set; }

    /// <summary>Archive holding arm64 (Ubuntu serves it from a separate "ports" archive).</summary>
    public Uri? PortsArchiveUri { get; set; }

    /// <summary>os-release VERSION_ID to suite codename.</summary>
    public IDictionary<string, string> Codenames { get; init; } = new Dictionary<string, string>
    {
        ["20.04"] = "focal",
        ["22.04"] = "jammy",
        ["24.04"] = "noble",
        ["24.10"] = "oracular",
        ["25.04"] = "plucky",
    };

    /// <summary>Suffixes of the suites searched after the codename: "" (release), "-updates", "-security".</summary>
    public IList<string> Pockets { get; init; } = ["", "-updates", "-security"];

    public IList<string> Components { get; init; } = ["main"];

    /// <summary>
    /// Debian architecture of the build machine (default: this machine's). Ubuntu's flavour packages carry kbuild's
    /// host tools built for the kernel's own architecture, and Ubuntu has no separate kbuild package, so only
    /// kernels of this architecture are fetched for a build; others still resolve.
    /// </summary>
    public string HostArchitecture { get; set; } = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";

    /// <summary>Longest read of one Packages index (default 2 min).</summary>
    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest download of one header package (default 10 min; a common headers package is about 12-14 MB).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest dpkg-deb extraction of one package (default 3 min).</summary>
    public TimeSpan ExtractTimeout { get; set; } = TimeSpan.FromMinutes(3);
}

using System.Text.Json.Serialization;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// One exact kernel a distribution publishes, as crawled from its repository indexes (docs/catalog-format.md).
/// Its identity fields are the ones an agent on that kernel reports, so a matrix entry made from it has the
/// variant key that agent will ask for.
/// </summary>
internal sealed record CatalogKernel
{
    /// <summary>os-release ID: "debian", "ubuntu", "rhel", "amzn", ...</summary>
    public required string Distro { get; init; }

    /// <summary>os-release VERSION_ID as hosts of that release report it: "12", "22.04", "9", "2023".</summary>
    public required string DistroVersion { get; init; }

    /// <summary><c>uname -m</c>: "x86_64" or "aarch64".</summary>
    public required string Arch { get; init; }

    /// <summary><c>uname -r</c>, e.g. "6.1.0-56-cloud-amd64".</summary>
    public required string Release { get; init; }

    /// <summary>The kernel build's flavour, as the release names it: "amd64", "cloud-amd64", "rt-arm64", "generic", "rt".</summary>
    public required string Flavour { get; init; }

    /// <summary>Upstream major.minor, e.g. "6.1": the release window counts ABIs per series.</summary>
    public required string Series { get; init; }

    /// <summary>The ABI the release belongs to, e.g. "6.1.0-56" (shared by every flavour of one upload).</summary>
    public required string Abi { get; init; }

    /// <summary>Version of the kernel's packages, e.g. "6.1.192-2"; orders ABIs from oldest to newest.</summary>
    public required string PackageVersion { get; init; }

    /// <summary>The exact <c>uname -v</c>, or null when it could not be learnt from the repository (see <see cref="BuildStringSource"/>).</summary>
    public string? BuildString { get; init; }

    /// <summary>Where <see cref="BuildString"/> came from, e.g. "include/generated/utsversion.h of linux-headers-6.1.0-56-amd64 6.1.192-2".</summary>
    public string? BuildStringSource { get; init; }

    /// <summary>The compiler the kernel was built with as its packages name it (e.g. "gcc-12"), when they do.</summary>
    public string? Compiler { get; init; }

    /// <summary>Where the kernel was seen, e.g. "debian bookworm-security main amd64".</summary>
    public required string Origin { get; init; }

    /// <summary>The packages a build of a module for this kernel uses, the flavour package first.</summary>
    public required IReadOnlyList<CatalogPackage> HeaderPackages { get; init; }

    /// <summary>The identity an agent on this kernel reports; null while the build string is unknown.</summary>
    [JsonIgnore]
    public KernelIdentity? Identity => BuildString is null ? null : new KernelIdentity(Distro, DistroVersion, Arch, Release, BuildString);

    public override string ToString() => $"{Distro} {DistroVersion} {Arch} {Release} ({BuildString ?? PackageVersion})";
}

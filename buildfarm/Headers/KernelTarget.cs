using System.Security.Cryptography;
using System.Text;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// The exact kernel headers are wanted for, as a host reports it: os-release <c>ID</c> and
/// <c>VERSION_ID</c>, <c>uname -m</c>, <c>uname -r</c> and the full <c>uname -v</c> build string.
/// </summary>
/// <param name="DistroId">os-release ID, e.g. "debian", "ubuntu", "rhel", "amzn".</param>
/// <param name="DistroVersionId">os-release VERSION_ID, e.g. "12", "22.04", "9.3", "2023".</param>
/// <param name="Architecture">uname -m: "x86_64" or "aarch64".</param>
/// <param name="KernelRelease">uname -r, e.g. "6.1.0-56-amd64".</param>
/// <param name="KernelBuild">uname -v, e.g. "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)".</param>
internal sealed record KernelTarget(
    string DistroId,
    string DistroVersionId,
    string Architecture,
    string KernelRelease,
    string KernelBuild)
{
    /// <summary>
    /// The fields one per line in declaration order (UTF-8, "\n" separated, no trailing newline);
    /// used only to key this farm's headers cache, not the store's variant identity.
    /// </summary>
    public string CacheText => string.Join('\n', DistroId, DistroVersionId, Architecture, KernelRelease, KernelBuild);

    /// <summary>Lowercase hex sha256 of <see cref="CacheText"/>.</summary>
    public string CacheKey => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CacheText)));

    public override string ToString() => $"{DistroId} {DistroVersionId} {Architecture} {KernelRelease} ({KernelBuild})";
}

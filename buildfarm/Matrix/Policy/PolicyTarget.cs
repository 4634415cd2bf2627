namespace KernelAgent.BuildFarm.Matrix.Policy;

/// <summary>One distribution's part of the support matrix.</summary>
/// <param name="Distro">os-release ID, e.g. "debian".</param>
/// <param name="Versions">os-release VERSION_IDs, e.g. ["12"].</param>
/// <param name="Arches"><c>uname -m</c> values: "x86_64", "aarch64".</param>
/// <param name="Flavours">Flavours to build ("amd64", "cloud-amd64", "rt-arm64", "generic"); null: every flavour.</param>
/// <param name="Series">Upstream series to build ("6.1", "6.12"); null: every series.</param>
/// <param name="NewestAbis">The release window: the newest N ABIs of each series (per distro version and arch).</param>
internal sealed record PolicyTarget(
    string Distro,
    IReadOnlyList<string> Versions,
    IReadOnlyList<string> Arches,
    IReadOnlyList<string>? Flavours,
    IReadOnlyList<string>? Series,
    int NewestAbis)
{
    /// <summary>Whether a kernel is in this target's scope, ignoring the release window.</summary>
    public bool Covers(string distro, string version, string arch, string flavour, string series) =>
        Distro == distro && Versions.Contains(version) && Arches.Contains(arch)
        && (Flavours is null || Flavours.Contains(flavour)) && (Series is null || Series.Contains(series));
}

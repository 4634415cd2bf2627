namespace KernelAgent.BuildFarm.Demand;

/// <summary>One kernel's demand in a flush.</summary>
/// <param name="Distro">os-release ID the hosts reported.</param>
/// <param name="DistroVersion">os-release VERSION_ID.</param>
/// <param name="Arch"><c>uname -m</c>.</param>
/// <param name="Release"><c>uname -r</c>.</param>
/// <param name="Build"><c>uname -v</c>, exactly as reported.</param>
/// <param name="Hosts">Hashes of the reporting hosts' ids (sha256, first 16 hex digits): counted, never traced back.</param>
/// <param name="LastSeen">The newest report in this flush.</param>
/// <param name="Missed">Whether any host missed an artifact for it (not only had it installed).</param>
internal sealed record DemandRecord(
    string Distro, string DistroVersion, string Arch, string Release, string Build, IReadOnlyList<string> Hosts, DateTimeOffset LastSeen, bool Missed);

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>One Packages index of the private apt root, as <c>apt-get indextargets</c> describes it.</summary>
/// <param name="File">The downloaded index under the root's lists folder.</param>
/// <param name="Description">apt's own description, e.g. "http://... bookworm-security/main amd64 Packages".</param>
/// <param name="Origin">The Release file's Origin, e.g. "Debian", "Debian Backports", "Ubuntu".</param>
/// <param name="Codename">e.g. "bookworm-security".</param>
/// <param name="Version">The Release file's Version, e.g. "12.15"; empty for suites without one (backports).</param>
/// <param name="Architecture">Debian architecture of the index, e.g. "amd64".</param>
internal sealed record AptIndexTarget(string File, string Description, string Origin, string Codename, string Version, string Architecture);

namespace KernelAgent.BuildFarm.Headers;

/// <summary>One package of a kernel's header set, pinned by exact version and digest.</summary>
/// <param name="Name">Package name, e.g. "linux-headers-6.1.0-56-amd64" or "kernel-devel".</param>
/// <param name="Version">Exact version: Debian "6.1.192-2", RPM "[epoch:]version-release".</param>
/// <param name="Architecture">Package architecture as the repository names it ("amd64", "all", "x86_64", ...).</param>
/// <param name="Sha256">Lowercase hex sha256 of the package file, from the signed index and checked on download.</param>
/// <param name="Size">Package file size in bytes.</param>
/// <param name="Location">Where the repository serves it.</param>
internal sealed record HeaderPackage(
    string Name,
    string Version,
    string Architecture,
    string Sha256,
    long Size,
    Uri? Location);

namespace KernelAgent.Store.Variants;

/// <summary>
/// The exact kernel a host runs, as the host reports it. Every field takes part in equality: a module
/// built for a kernel that differs in any field is a different artifact, never a fallback.
/// </summary>
/// <param name="DistroId"><c>ID=</c> from os-release, e.g. <c>debian</c>.</param>
/// <param name="DistroVersionId"><c>VERSION_ID=</c> from os-release, e.g. <c>12</c>.</param>
/// <param name="Arch">The machine as <c>uname -m</c> prints it: <c>x86_64</c> or <c>aarch64</c>.</param>
/// <param name="KernelRelease"><c>uname -r</c>, e.g. <c>6.1.0-56-amd64</c> (on Debian only the ABI name).</param>
/// <param name="KernelVersion">The full build string <c>uname -v</c>, compared byte for byte.</param>
public sealed record KernelIdentity(
    string DistroId,
    string DistroVersionId,
    string Arch,
    string KernelRelease,
    string KernelVersion);

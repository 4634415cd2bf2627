using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Verification;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Service;

/// <summary>The steps every verified artifact goes through before it is installed, for the running kernel or another.</summary>
internal static class VerifiedModuleSet
{
    /// <summary>Every module's own <c>.modinfo</c> against the kernel (vermagic, machine, name): all or nothing, in the artifact's order.</summary>
    /// <exception cref="ModuleIdentityMismatchException">The first module that does not fit, named.</exception>
    public static IReadOnlyList<Modinfo> Check(ResolvedArtifact artifact, KernelIdentity kernel) =>
        [.. artifact.Modules.Select(m => HostModuleCheck.Check(m.Bytes, m.Key, kernel, m.Module.ModuleName))];

    /// <summary>One install request per module, each for its own location, named by its file (as DKMS installs it).</summary>
    public static IReadOnlyList<ModuleInstallRequest> InstallRequests(ResolvedArtifact artifact, string release) =>
        [.. artifact.Modules.Select(m => new ModuleInstallRequest(
            FileStem(m.Module.FileName), release, m.Bytes, artifact.Attestation.EnvelopeSha256, artifact.Variant.ContentKey)
        {
            InstallLocation = m.Module.InstallLocation,
        })];

    /// <summary>The file name without ".ko" (the attestation reader has checked that it ends so).</summary>
    public static string FileStem(string fileName) => fileName[..^".ko".Length];
}

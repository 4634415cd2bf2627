using KernelAgent.Store.Modules;

namespace KernelAgent.Store.Artifacts;

/// <summary>One module of a resolved artifact: what the attestation says about it, where it was read, its verified bytes.</summary>
/// <param name="Module">The attested module (name, file name, install location, sha256).</param>
/// <param name="Key">Key of the module object in the store it was read from.</param>
/// <param name="Bytes">The module bytes; they hash to <see cref="ArtifactModule.Sha256"/>.</param>
public sealed record ResolvedModule(ArtifactModule Module, string Key, byte[] Bytes);

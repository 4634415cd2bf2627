namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>The digests of an entry's build inputs besides the variant itself; any change means a rebuild.</summary>
/// <param name="Headers">Digest over the header packages (name, version, architecture, sha256), see <see cref="BuildKeys.Headers"/>.</param>
/// <param name="DriverSource">The registered driver source's sha256.</param>
/// <param name="Toolchain">Digest of the toolchain description (compiler and linker versions), see <see cref="IToolchainIdentity"/>.</param>
public readonly record struct BuildInputs(Sha256Digest Headers, Sha256Digest DriverSource, Sha256Digest Toolchain);

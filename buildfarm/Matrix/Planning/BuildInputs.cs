namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>The digests (lower-case hex) of an entry's build inputs besides the variant itself; any change means a rebuild.</summary>
/// <param name="Headers">Digest over the header packages (name, version, architecture, sha256), see <see cref="BuildKeys.Headers"/>.</param>
/// <param name="DriverSource">The registered driver source's sha256.</param>
/// <param name="Toolchain">Digest of the toolchain description (compiler and linker versions), see <see cref="IToolchainIdentity"/>.</param>
internal readonly record struct BuildInputs(string Headers, string DriverSource, string Toolchain);
